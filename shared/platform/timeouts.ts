/**
 * Every time limit the platform wiring sets, in one place. The numbers are chosen together: a sink's
 * worst case must fit in the smallest alert reserve, and an API call's worst case must stay small next to
 * the shortest invocation worth running. `test/unit/timeouts.test.ts` checks the first relation.
 */

/**
 * What the handler keeps back from the platform's remaining time for alerting, logging the report and
 * returning: a quarter of what is left, at least `minMs`, at most `maxMs`, never more than all of it.
 *
 * - A quarter: on a long invocation the reserve grows with it, so that a slow sink, a GC pause or a
 *   clock read late at the start still fit; on a short one, most of the time stays for the work.
 * - `minMs` 2500: the slowest alert delivery takes `ALERT_DELIVERY_TIMEOUT_MS` (2000; sinks deliver in
 *   parallel), plus 500 for the report line, the throw and the event loop on a busy machine. With 5 s
 *   left the work gets 2.5 s; the alert still goes out whole.
 * - `maxMs` 10 000: what the handler kept back before, for every invocation; beyond it the reserve
 *   would take time from health waits without making the alert any safer.
 * - With less than `minMs` left, the work gets no time at all: every wait looks once and the loop goes
 *   straight to the alert, since a failure nobody hears of is worse than a swap not tried.
 */
export const ALERT_RESERVE = { fraction: 0.25, minMs: 2500, maxMs: 10_000 } as const;

/**
 * The longest one alert delivery may take, whatever the sink: one SNS publish, one webhook POST, one
 * CloudMonitor `PutCustomEvent`. Two seconds hold a cross-cloud publish (Function Compute in China to SNS
 * in us-east-1: TCP, TLS and the request are three round trips of about 200 ms) with room to spare.
 */
export const ALERT_DELIVERY_TIMEOUT_MS = 2000;

/**
 * The SNS client the alert sink publishes with. One attempt: the reserve has room for one delivery, and
 * a retry that the platform kills half-way helps nobody; the handler throws after a lost alert, so the
 * platform's own retry of the invocation alerts again. The connection gets half the time: a TCP connect
 * that takes longer is to an endpoint that will not answer the request either.
 */
export const SNS_ALERT_CLIENT = {
  connectionTimeoutMs: 1000,
  requestTimeoutMs: ALERT_DELIVERY_TIMEOUT_MS,
  maxAttempts: 1,
} as const;

/**
 * The ELBv2 client every target-group call goes through (DescribeTargetHealth, RegisterTargets,
 * DeregisterTargets). These control-plane calls answer in 100 to 300 ms; one still silent after a
 * second is more likely stalled than slow, and the SDK's one retry (TimeoutError is transient) gets a
 * fresh connection. A connect takes milliseconds in-region: half a second is already a lost one. Two
 * attempts, not the SDK's three: one call then ends within 2 x 1 s plus a backoff of at most 100 ms,
 * 2.1 s, which leaves a 5 s invocation the time to reach the call and to alert after it, even on a cold
 * start. Without `requestTimeout` the SDK waits for ever: a never-answered RegisterTargets ran 14 s in
 * a 12 s Lambda. Throttling is left to the next run of the level-triggered loop rather than to long SDK
 * backoffs (up to 20 s).
 */
export const ELBV2_CLIENT = {
  connectionTimeoutMs: 500,
  requestTimeoutMs: 1000,
  maxAttempts: 2,
} as const;

/**
 * The RDS client the writer lookup goes through (DescribeDBClusters, DescribeDBInstances). The same
 * bounds as ELBv2 and for the same reasons: in-region control-plane reads answer in 100 to 300 ms, and
 * a lookup that cannot answer must not hold up DNS, whose answer is used instead (`combineResolutions`).
 * Two attempts of 1 s: at worst 2.1 s, one settle poll or two.
 */
export const RDS_CLIENT = {
  connectionTimeoutMs: 500,
  requestTimeoutMs: 1000,
  maxAttempts: 2,
} as const;

/**
 * The Route 53 client (ListResourceRecordSets, ChangeResourceRecordSets, GetChange), like ELBv2's: a
 * control-plane call that answers in a few hundred milliseconds. Route 53's own rate limit (five
 * requests a second per account) answers `Throttling` or `PriorRequestNotComplete`, both retried once.
 */
export const ROUTE53_CLIENT = ELBV2_CLIENT;

/**
 * The STS client that assumes the roles of other accounts: one AssumeRole per role every ten minutes or
 * so (see `assumed-role.ts`), bounded like the pool clients it serves.
 */
export const STS_CLIENT = ELBV2_CLIENT;

/**
 * The Secrets Manager client the writability check reads its login with (GetSecretValue), once per
 * admission. Bounded like ELBv2: an in-region read that answers in tens of milliseconds; two attempts of
 * 1 s end within about 2.1 s, well inside the probe's own seconds. A login that cannot be read holds the
 * swap (nothing is registered), so giving up early costs a retry on the next run, never a wrong change.
 */
export const SECRETS_MANAGER_CLIENT = ELBV2_CLIENT;

/**
 * One Alibaba Cloud RPC attempt (pop-core applies it to the connect and to the read). The invocation's
 * deadline bounds each call as a whole (see `createAlicloudRpc`'s `deadlineMs`); this only decides when
 * one silent attempt is given up for a retry. NLB, CLB and RDS answer in-region within a second.
 */
export const ALICLOUD_RPC_TIMEOUT_MS = 5000;

/**
 * How long one NLB add or remove job may run, from its start. Jobs usually end within seconds; the
 * invocation's deadline cuts it shorter when less time is left.
 */
export const NLB_JOB_TIMEOUT_MS = 120_000;

/**
 * A Tablestore lease call is one small row read or write: 2 s of socket silence is already a broken
 * connection. The store races each call against its own call timeout as well (`callTimeoutMs`).
 */
export const TABLESTORE_SOCKET_TIMEOUT_MS = 2000;
