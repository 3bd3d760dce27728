/**
 * The error codes this project acts on: Tablestore's from the "Error codes" page of its API reference
 * (错误码参考), the SDK's, and its own. Every other code is passed on as the service wrote it.
 */
export const OtsErrorCode = {
  /** A row condition (existence or column) did not hold: the compare-and-set lost. */
  ConditionCheckFail: 'OTSConditionCheckFail',
  /** CreateTable of a table that exists: the deploy then checks the one there. */
  ObjectAlreadyExist: 'OTSObjectAlreadyExist',
  /** Bad signature or unknown key. */
  AuthFailed: 'OTSAuthFailed',
  /** RAM refused the call (unverified: from the RAM pages of the Tablestore docs). */
  NoPermissionAccess: 'OTSNoPermissionAccess',
  /**
   * Not a service code: the SDK's for a refused, reset or unresolvable connection, and for a socket
   * idle past `httpOptions.timeout` (it raises `TimeoutError`, then its SEND listener files that under
   * this code too: `lib/event_listeners.js`).
   */
  SdkNetworking: 'NetworkingError',
  /** Not a service code: this project's, for a call that outlived the store's own deadline. */
  CallTimeout: 'Timeout',
  /** Not a service code: this project's, for a row that is not a lease record. */
  InvalidRecord: 'InvalidRecord',
} as const;
export type OtsErrorCode = (typeof OtsErrorCode)[keyof typeof OtsErrorCode];

/** The lease table's columns. The primary key is `pool` alone. */
export const LeaseColumn = {
  Pool: 'pool',
  Owner: 'owner',
  ExpiresAtMs: 'expiresAtMs',
  Version: 'version',
  Intents: 'intents',
} as const;

/** The table the deploy creates when `--lease-table` is not given. */
export const DEFAULT_LEASE_TABLE = 'rds_failover_sync_leases';

/** The Function Compute variables that name the store (set by `bin/deploy-alicloud.ts`). */
export const LeaseTablestoreEnv = {
  Endpoint: 'LEASE_TABLESTORE_ENDPOINT',
  Instance: 'LEASE_TABLESTORE_INSTANCE',
  Table: 'LEASE_TABLESTORE_TABLE',
} as const;
