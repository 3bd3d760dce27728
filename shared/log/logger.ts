/** Fields attached to one log line. */
export type LogFields = Record<string, unknown>;

/** Structured logging, one JSON line per decision (invariant 8). */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export type LogLevel = 'info' | 'warn' | 'error';

/** One log line before it is written: what the drill and tests observe. */
export interface LogRecord extends LogFields {
  readonly time: string;
  readonly level: LogLevel;
  readonly message: string;
}

// Key names whose values are never written, whatever produced them.
const SECRET_KEY = /secret|token|password|passwd|credential|authorization|signature|access.?key/i;

/** Replaces the values of secret-looking keys, at any depth, with `[redacted]`. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, SECRET_KEY.test(key) ? '[redacted]' : redact(inner)]),
  );
}

/**
 * A logger writing JSON lines through `write` (stdout by default; Lambda and Function Compute ship
 * stdout to their log services). `observe`, when given, sees every record: the drill builds its
 * timeline from it.
 */
export function createLogger(
  options: { write?: (line: string) => void; observe?: (record: LogRecord) => void; now?: () => number } = {},
): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const emit = (level: LogLevel, message: string, fields: LogFields = {}) => {
    const record = { time: new Date(now()).toISOString(), level, message, ...(redact(fields) as LogFields) };
    options.observe?.(record);
    write(JSON.stringify(record));
  };
  return {
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
  };
}
