import { ProbeFailure } from './probe-result';

/** How far a writability check had come when it failed: the same error means different things. */
export const CheckStage = {
  /** No TCP connection yet. */
  Connect: 'connect',
  /** Connected; TLS and the login under way. */
  Login: 'login',
  /** Logged in; the question asked. */
  Query: 'query',
} as const;
export type CheckStage = (typeof CheckStage)[keyof typeof CheckStage];

/** What a driver error means for the check: a failure and a summary that never holds the password. */
export interface DriverErrorVerdict {
  readonly failure: ProbeFailure;
  readonly summary: string;
}

/** Said when `tls: require` meets a server without TLS (MySQL's handshake flag, PostgreSQL's 'N'). */
export const NO_TLS_SUMMARY =
  'the server offers no TLS, which `tls: require` asks for; `tls: disable` would send the login in clear';

/** At most this many characters of a driver's message are kept. */
const MESSAGE_MAX = 200;

/**
 * A driver's message made safe for a report: every occurrence of the password replaced, control
 * characters flattened, cut to `MESSAGE_MAX`. Drivers quote what the server sent and, in some errors,
 * what they were given; a message that still holds the password after the replacement (the marker and
 * the text around it can spell it again) is withheld whole.
 */
export function sanitiseMessage(message: string, password: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = message.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  const scrubbed = password === '' ? flat : flat.split(password).join('[secret]');
  const cut = scrubbed.length > MESSAGE_MAX ? `${scrubbed.slice(0, MESSAGE_MAX)}…` : scrubbed;
  return withoutSecret(password, cut, '(message withheld)');
}

/**
 * The first of `texts` that does not hold the password, else nothing: a password short or plain enough
 * to be spelt by our own words (`a`, `the`) must not be spelt by them either.
 */
export function withoutSecret(password: string, ...texts: string[]): string {
  return password === '' ? (texts[0] ?? '') : (texts.find((text) => !text.includes(password)) ?? '');
}

/** The fields drivers put on their errors: mysql2 `code`/`errno`/`sqlState`, pg `code` (a SQLSTATE). */
interface DriverErrorFields {
  readonly code?: string;
  readonly errno?: number;
  readonly sqlState?: string;
  readonly message: string;
}

function fieldsOf(error: unknown): DriverErrorFields {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const record = error as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  const errno = typeof record.errno === 'number' ? record.errno : undefined;
  const code = text('code');
  const sqlState = text('sqlState');
  return {
    message: text('message') ?? '',
    ...(code !== undefined ? { code } : {}),
    ...(errno !== undefined ? { errno } : {}),
    ...(sqlState !== undefined ? { sqlState } : {}),
  };
}

/** Node's network errors by code: what they say about the address. */
const NETWORK: Record<string, ProbeFailure> = {
  ECONNREFUSED: ProbeFailure.Refused,
  ETIMEDOUT: ProbeFailure.Timeout,
  ECONNRESET: ProbeFailure.Closed,
  EPIPE: ProbeFailure.Closed,
};

const STAGE_WORDS: Record<CheckStage, string> = {
  connect: 'while connecting',
  login: 'while logging in',
  query: 'after the login',
};

/**
 * What an error a driver (mysql2, pg) rejected with means, by what it carries and how far the check had
 * come: a server error before the login completed is a refused login (wrong password, no such user, a
 * host or TLS rule), after it a question the server would not answer.
 */
export function describeDriverError(error: unknown, stage: CheckStage, password: string): DriverErrorVerdict {
  const verdict = classify(error, stage, password);
  // The code, too, came from the driver: the whole summary is checked once more.
  return {
    failure: verdict.failure,
    summary: withoutSecret(
      password,
      verdict.summary,
      `the check failed ${STAGE_WORDS[stage]} (message withheld)`,
    ),
  };
}

function classify(error: unknown, stage: CheckStage, password: string): DriverErrorVerdict {
  const { code, errno, sqlState, message } = fieldsOf(error);
  const said = sanitiseMessage(message, password);
  // mysql2 names it with a code (client_handshake.js); pg only in its message (connection.js, on 'N').
  if (code === 'HANDSHAKE_NO_SSL_SUPPORT' || /does not support SSL/i.test(message)) {
    return { failure: ProbeFailure.LoginRefused, summary: NO_TLS_SUMMARY };
  }
  if (code !== undefined && code in NETWORK) {
    return { failure: NETWORK[code] ?? ProbeFailure.Unreachable, summary: `${code} ${STAGE_WORDS[stage]}` };
  }
  if (code === 'PROTOCOL_CONNECTION_LOST' || /connection terminated/i.test(message)) {
    return {
      failure: ProbeFailure.Closed,
      summary: `the server closed the connection ${STAGE_WORDS[stage]}`,
    };
  }
  // A server's own error: MySQL's errno with its SQLSTATE, PostgreSQL's five-character SQLSTATE.
  const server =
    errno !== undefined && sqlState !== undefined
      ? `error ${errno} (${sqlState})`
      : code !== undefined && /^[0-9A-Z]{5}$/.test(code)
        ? `error ${code}`
        : undefined;
  if (server !== undefined) {
    return stage === CheckStage.Query
      ? {
          failure: ProbeFailure.WrongProtocol,
          summary: `logged in, but the question failed: ${server} ${said}`,
        }
      : { failure: ProbeFailure.LoginRefused, summary: `login refused: ${server} ${said}` };
  }
  if (code !== undefined && /^(EPROTO|ERR_SSL_|ERR_TLS_)/.test(code)) {
    return { failure: ProbeFailure.LoginRefused, summary: `TLS failed: ${code} ${said}` };
  }
  const named = code !== undefined ? `${code} ` : '';
  return stage === CheckStage.Connect
    ? { failure: ProbeFailure.Unreachable, summary: `cannot connect: ${named}${said}` }
    : { failure: ProbeFailure.Closed, summary: `the check failed ${STAGE_WORDS[stage]}: ${named}${said}` };
}
