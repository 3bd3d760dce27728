import { scrubSecrets } from '../core/scrub';
import { safeText } from '../core/text';
import { LOG_LEVELS } from './log-level';
import type { LogLevel } from './log-level';

/** Fields attached to one log line. */
export type LogFields = Record<string, unknown>;

/** Structured logging, one JSON line per decision (invariant 8). */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /**
   * One `metrics` line, written whatever the level: an operator who sets `LOG_LEVEL=error` to quieten
   * the logs must not silence the figures the alarms watch.
   */
  metrics(fields: LogFields): void;
  /** A logger writing the same way, with `context` (the request and event ids) on every line. */
  child(context: LogFields): Logger;
}

/** One log line before it is written: what the drill and tests observe. */
export interface LogRecord extends LogFields {
  readonly time: string;
  readonly level: LogLevel;
  readonly message: string;
}

// Key names whose values are never written, whatever produced them.
const SECRET_KEY = /secret|token|password|passwd|credential|authorization|signature|access.?key/i;

/**
 * Limits on what one record copies from its fields. An event is input: nested 3,000 levels deep it
 * overflowed the stack of a recursive copy, and a 2 MB string made a 2 MB line. CloudWatch Logs takes
 * events up to 256 KB; lines stay far below that.
 */
export const LOG_LIMITS = {
  depth: 16,
  stringChars: 4096,
  arrayItems: 100,
  objectKeys: 100,
  lineChars: 64 * 1024,
} as const;

/**
 * A copy of `value` safe to write: values of secret-looking keys replaced with `[redacted]`, secrets
 * scrubbed from every string (`scrubSecrets`), lone surrogates replaced, strings, lists and mappings
 * capped, anything deeper than `LOG_LIMITS.depth` or seen before on its own path cut short. Never throws
 * and never recurses deeper than the depth limit.
 */
export function redact(value: unknown, depth = 0, ancestors: readonly object[] = []): unknown {
  if (typeof value === 'string') return safeText(scrubSecrets(value), LOG_LIMITS.stringChars);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.includes(value)) return '[circular]';
  if (depth >= LOG_LIMITS.depth) return '[nested too deep]';
  const path = [...ancestors, value];
  if (value instanceof Error) {
    return { name: redact(value.name, depth + 1, path), message: redact(value.message, depth + 1, path) };
  }
  if (Array.isArray(value)) {
    const items = value.slice(0, LOG_LIMITS.arrayItems).map((item: unknown) => redact(item, depth + 1, path));
    return value.length > LOG_LIMITS.arrayItems
      ? [...items, `[${value.length - LOG_LIMITS.arrayItems} more]`]
      : items;
  }
  const entries = Object.entries(value);
  const copied: Record<string, unknown> = {};
  for (const [key, inner] of entries.slice(0, LOG_LIMITS.objectKeys)) {
    const safeKey = safeText(key, 100);
    copied[safeKey] = SECRET_KEY.test(key) ? '[redacted]' : redact(inner, depth + 1, path);
  }
  if (entries.length > LOG_LIMITS.objectKeys) copied['[more keys]'] = entries.length - LOG_LIMITS.objectKeys;
  return copied;
}

export interface LoggerOptions {
  readonly write?: (line: string) => void;
  readonly observe?: (record: LogRecord) => void;
  readonly now?: () => number;
  /** The least severe level written; `info` by default. See `logLevelOf` for `LOG_LEVEL`. */
  readonly level?: LogLevel;
}

/**
 * A logger writing JSON lines through `write` (stdout by default; Lambda and Function Compute ship
 * stdout to their log services). `observe`, when given, sees every record written: the drill builds its
 * timeline from it. Writing never throws: a record that cannot be serialised is replaced by one saying so.
 *
 * Every line is one JSON object and nothing else, written straight to stdout rather than through
 * `console.log` (which Lambda's runtime prefixes with a time and the request id): CloudWatch Logs only
 * extracts embedded metrics from an event that is a JSON object from its first to its last character, and
 * Simple Log Service's JSON index on Function Compute's `message` field needs the same (see
 * `metric-records.ts`).
 */
export function createLogger(options: LoggerOptions = {}, context: LogFields = {}): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const least = LOG_LEVELS.indexOf(options.level ?? 'info');
  const shared = redact(context) as LogFields;
  const emit = (level: LogLevel, message: string, fields: LogFields = {}) => {
    const time = new Date(now()).toISOString();
    const record = {
      time,
      level,
      message: safeText(scrubSecrets(message), LOG_LIMITS.stringChars),
      ...shared,
      ...(redact(fields) as LogFields),
    };
    options.observe?.(record);
    write(serialise(record));
  };
  const at = (level: LogLevel) => (message: string, fields?: LogFields) => {
    if (LOG_LEVELS.indexOf(level) >= least) emit(level, message, fields);
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    metrics: (fields) => emit('info', 'metrics', fields),
    child: (more) => createLogger(options, { ...context, ...more }),
  };
}

function serialise(record: LogRecord): string {
  const line = JSON.stringify(record);
  if (line.length <= LOG_LIMITS.lineChars) return line;
  return JSON.stringify({
    time: record.time,
    level: record.level,
    message: record.message,
    truncated: `the record was ${line.length} characters; at most ${LOG_LIMITS.lineChars} are written`,
  });
}
