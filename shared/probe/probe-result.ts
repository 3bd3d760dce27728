import type { ProbeProtocol } from '../core/probe-protocol';

/** Why a probe failed: the words reports and alerts use. */
export const ProbeFailure = {
  /** Nothing listens there (RST): the node is down or the port is wrong. */
  Refused: 'refused',
  /** No connection, or no answer, within the probe's timeout. */
  Timeout: 'timeout',
  /** Another network error: no route, host unreachable, reset. */
  Unreachable: 'unreachable',
  /** Connected, then closed by the server before it answered. */
  Closed: 'closed',
  /** Something answered, but not the protocol the binding expects. */
  WrongProtocol: 'wrong-protocol',
  /** The invocation ran out of time (its abort signal fired). */
  Aborted: 'aborted',
  /** The writability check: the login could not be read (secret, KMS): nothing was tried. */
  LoginUnavailable: 'login-unavailable',
  /** The writability check: the server refused the login, or TLS that `tls: require` asks for. */
  LoginRefused: 'login-refused',
  /** The writability check: the node takes no writes, a replica or a demoted primary. */
  ReadOnly: 'read-only',
} as const;
export type ProbeFailure = (typeof ProbeFailure)[keyof typeof ProbeFailure];

/** What one probe of one address found. `summary` is a sentence for reports; it never holds a secret. */
export type ProbeResult =
  | {
      readonly ok: true;
      readonly target: string;
      readonly protocol: ProbeProtocol;
      readonly summary: string;
      /** MySQL and MariaDB name themselves in their greeting; PostgreSQL only after a login. */
      readonly serverVersion?: string;
    }
  | {
      readonly ok: false;
      readonly target: string;
      readonly protocol: ProbeProtocol;
      readonly failure: ProbeFailure;
      readonly summary: string;
    };
