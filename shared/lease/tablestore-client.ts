import { Client } from 'tablestore';

/** Where the lease table lives and whose keys sign for it (an AccessKey pair or a role's STS keys). */
export interface TablestoreConnection {
  /** `https://<instance>.<region>.ots.aliyuncs.com`; see `tablestoreEndpoint`. */
  readonly endpoint: string;
  readonly instance: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

/** Bounds of one request; see `createTablestoreClient`. */
export interface TablestoreClientTimeouts {
  /** How long the socket may stay silent, connecting or reading, before the SDK gives up. */
  readonly socketTimeoutMs: number;
}

/**
 * A `tablestore` client that answers or fails within its timeout, and never retries.
 *
 * Why no retries (`maxRetries: 0`): the SDK's default policy (`lib/retry/default_retry_policy.js`)
 * makes up to 20 attempts with up to 3 s between them, which alone outlasts a Function Compute
 * invocation; and a retried conditional write is not idempotent:
 *   1. run A's PutRow (version 4 -> 5) lands and commits, but the answer is lost;
 *   2. the SDK sends it again; the row is at version 5 now, so the condition fails;
 *   3. A is told `OTSConditionCheckFail` and believes it lost a lease it holds.
 * The lease layer decides what an unknown outcome means (it reads again), not the SDK.
 *
 * Caveats from the SDK's source: `maxRetries` is copied into a process-wide retry policy when a
 * request is made (`lib/request.js`), so every client in the process gets 0; `httpOptions.timeout` is
 * the socket's idle timeout (`lib/http/node.js`), not a deadline for the whole call, which is why the
 * store also races each call against its own timer (`callTimeoutMs`); and every request sets
 * `http.globalAgent.maxSockets` to 300 (`lib/http/node.js`), a process-wide side effect.
 */
export function createTablestoreClient(
  connection: TablestoreConnection,
  timeouts: TablestoreClientTimeouts,
): Client {
  return new Client({
    endpoint: connection.endpoint,
    instancename: connection.instance,
    accessKeyId: connection.accessKeyId,
    accessKeySecret: connection.accessKeySecret,
    ...(connection.securityToken ? { securityToken: connection.securityToken } : {}),
    maxRetries: 0,
    httpOptions: { timeout: timeouts.socketTimeoutMs },
  });
}
