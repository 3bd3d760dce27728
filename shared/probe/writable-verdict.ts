import { ProbeFailure } from './probe-result';
import type { ProbeResult } from './probe-result';

/** What a writability question's answer says, before it is a `ProbeResult` of one address. */
export type WritableVerdict =
  | { readonly writable: true; readonly summary: string; readonly serverVersion?: string }
  | {
      readonly writable: false;
      readonly failure: typeof ProbeFailure.ReadOnly | typeof ProbeFailure.WrongProtocol;
      readonly summary: string;
    };

/** The verdict as the `ProbeResult` of the address `target`. */
export function resultOfVerdict(
  verdict: WritableVerdict,
  target: string,
  protocol: 'mysql' | 'postgres',
): ProbeResult {
  if (!verdict.writable)
    return { ok: false, target, protocol, failure: verdict.failure, summary: verdict.summary };
  return {
    ok: true,
    target,
    protocol,
    summary: verdict.summary,
    ...(verdict.serverVersion ? { serverVersion: verdict.serverVersion } : {}),
  };
}

/** The question asked of MySQL and MariaDB: no privilege is needed to read global variables. */
export const MYSQL_WRITABLE_QUERY =
  'SELECT @@global.read_only AS read_only, @@global.innodb_read_only AS innodb_read_only, VERSION() AS version';

/**
 * The question asked of PostgreSQL. `default_transaction_read_only` is read for the summary only: it is
 * a default each transaction may override (`SET TRANSACTION READ WRITE`), and it may be set on the
 * probe's own role (`ALTER ROLE ... SET`, a sensible least-privilege login), so it says nothing about
 * whether the node takes writes. A streaming standby is in recovery (an Aurora PostgreSQL reader too, by
 * common report; not verified here against Aurora).
 */
export const POSTGRES_WRITABLE_QUERY =
  "SELECT pg_is_in_recovery() AS in_recovery, current_setting('server_version') AS version, " +
  "current_setting('default_transaction_read_only') AS default_read_only";

/**
 * A server's on/off variable as the drivers return it: MySQL and MariaDB 10.x send `@@read_only` as an
 * integer (0 or 1); newer MariaDB releases made it an enum (`OFF`, `ON`, `NO_LOCK`, `NO_LOCK_NO_ADMIN`,
 * every value but `OFF` refusing writes); PostgreSQL sends booleans and `on`/`off`. Undefined when the
 * value is none of these.
 */
export function readFlag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' || typeof value === 'bigint') {
    return value === 0 || value === 0n ? false : value === 1 || value === 1n ? true : undefined;
  }
  if (typeof value !== 'string') return undefined;
  switch (value.trim().toUpperCase()) {
    case '0':
    case 'OFF':
    case 'FALSE':
    case 'F':
      return false;
    case '1':
    case 'ON':
    case 'TRUE':
    case 'T':
    case 'NO_LOCK':
    case 'NO_LOCK_NO_ADMIN':
      return true;
    default:
      return undefined;
  }
}

/** At most this many characters of a value the server sent are quoted in a summary. */
const QUOTED_MAX = 80;

/** A value the server sent, quoted for a summary: printable, short. */
export function quoteValue(value: unknown): string {
  const text =
    typeof value === 'string' ? value : typeof value === 'bigint' ? `${value}` : JSON.stringify(value);
  // eslint-disable-next-line no-control-regex
  const printable = (text ?? String(value)).replace(/[\u0000-\u001f\u007f]/g, ' ');
  return printable.length > QUOTED_MAX ? `${printable.slice(0, QUOTED_MAX)}…` : printable;
}

/** The version a server named, if it named one. */
function versionOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? quoteValue(value.trim()) : undefined;
}

function serverWords(version: string | undefined): string {
  return version === undefined ? 'server of unknown version' : `server ${version}`;
}

/** Reads the row of `MYSQL_WRITABLE_QUERY`: writable only when both variables are off. */
export function mysqlVerdict(row: {
  readonly read_only?: unknown;
  readonly innodb_read_only?: unknown;
  readonly version?: unknown;
}): WritableVerdict {
  const readOnly = readFlag(row.read_only);
  const innodbReadOnly = readFlag(row.innodb_read_only);
  const version = versionOf(row.version);
  const server = serverWords(version);
  const values = `read_only=${quoteValue(row.read_only)}, innodb_read_only=${quoteValue(row.innodb_read_only)}`;
  if (readOnly === undefined || innodbReadOnly === undefined) {
    return {
      writable: false,
      failure: ProbeFailure.WrongProtocol,
      summary: `cannot tell whether it takes writes: ${values}, ${server}`,
    };
  }
  if (readOnly || innodbReadOnly) {
    const said = [readOnly ? 'read_only' : '', innodbReadOnly ? 'innodb_read_only' : '']
      .filter((name) => name !== '')
      .join(' and ');
    // innodb_read_only is what an Aurora MySQL reader has on; read_only a replica's or a demoted primary's.
    return {
      writable: false,
      failure: ProbeFailure.ReadOnly,
      summary: `takes no writes, ${said} on (${values}): a replica or a demoted primary, ${server}`,
    };
  }
  return {
    writable: true,
    summary: `writable (${values}), ${server}`,
    ...(version ? { serverVersion: version } : {}),
  };
}

/** Reads the row of `POSTGRES_WRITABLE_QUERY`: writable only when not in recovery. */
export function postgresVerdict(row: {
  readonly in_recovery?: unknown;
  readonly version?: unknown;
  readonly default_read_only?: unknown;
}): WritableVerdict {
  const inRecovery = readFlag(row.in_recovery);
  const version = versionOf(row.version);
  const server = serverWords(version);
  if (inRecovery === undefined) {
    return {
      writable: false,
      failure: ProbeFailure.WrongProtocol,
      summary: `cannot tell whether it takes writes: pg_is_in_recovery()=${quoteValue(row.in_recovery)}, ${server}`,
    };
  }
  if (inRecovery) {
    return {
      writable: false,
      failure: ProbeFailure.ReadOnly,
      summary: `takes no writes, pg_is_in_recovery()=true: a standby (a replica or a demoted primary), ${server}`,
    };
  }
  const note =
    readFlag(row.default_read_only) === true
      ? '; default_transaction_read_only=on for this login, a default that transactions may override, not counted'
      : '';
  return {
    writable: true,
    summary: `writable (pg_is_in_recovery()=false), ${server}${note}`,
    ...(version ? { serverVersion: version } : {}),
  };
}
