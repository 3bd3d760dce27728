/**
 * The NLB error codes that say "the group is busy, ask again", per action, on top of the codes every
 * action retries (`RETRYABLE_CODES`: throttling, `ServiceUnavailable`, `SystemBusy`, ...).
 *
 * Taken from the Terraform provider, resource_alicloud_nlb_server_group_server_attachment.go
 * (aliyun/terraform-provider-alicloud, 2025): AddServersToServerGroup retries `IncorrectStatus.serverGroup`,
 * `OperationFailed.ResourceIsConfiguring` and `Conflict.Lock`; RemoveServersFromServerGroup retries
 * `IncorrectStatus.serverGroup` and `Conflict.Lock`. Older versions of that file (2023) retried only
 * `IncorrectStatus.serverGroup`.
 *
 * One deviation: `OperationFailed.ResourceIsConfiguring` is retried on removal too. The provider never
 * removes while it configures the group, but a group someone else is configuring refuses a removal
 * for the same reason it refuses an add, and a removal that fails leaves the old database IP in the
 * group until the next run.
 */
export const NlbRetryCode = {
  /** A job is still running on the server group. */
  GroupBusy: 'IncorrectStatus.serverGroup',
  /** The server group (or its load balancer) is being configured. */
  ResourceIsConfiguring: 'OperationFailed.ResourceIsConfiguring',
  /** Another request holds the resource's lock. */
  ConflictLock: 'Conflict.Lock',
} as const;
export type NlbRetryCode = (typeof NlbRetryCode)[keyof typeof NlbRetryCode];

export const NLB_ADD_RETRY_CODES: readonly NlbRetryCode[] = [
  NlbRetryCode.GroupBusy,
  NlbRetryCode.ResourceIsConfiguring,
  NlbRetryCode.ConflictLock,
];

export const NLB_REMOVE_RETRY_CODES: readonly NlbRetryCode[] = [
  NlbRetryCode.GroupBusy,
  NlbRetryCode.ConflictLock,
  NlbRetryCode.ResourceIsConfiguring,
];
