import type { ProbeTls } from '../core/config-types';
import type { DatabaseLogin } from '../core/database-login';
import type { BackendAddress } from '../core/types';
import type { ProbeOptions } from './probe-address';
import type { ProbeResult } from './probe-result';

/** What the writability check of one address needs beyond the probe's own options. */
export interface WritableCheckOptions extends ProbeOptions {
  readonly protocol: 'mysql' | 'postgres';
  readonly login: DatabaseLogin;
  readonly tls: ProbeTls;
  /** PostgreSQL: the database to log in to (the binding's `database`, else the login's, else `postgres`). */
  readonly database?: string;
}

/**
 * Logs in to one address and asks whether it takes writes. Never throws: every way it ends is a
 * `ProbeResult`, whose summary never holds the password.
 */
export type WritableChecker = (
  address: BackendAddress,
  options: WritableCheckOptions,
) => Promise<ProbeResult>;
