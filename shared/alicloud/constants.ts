/** The API version each product's RPC calls are signed with (pop-core's `apiVersion`). */
export const AlicloudApiVersion = {
  nlb: '2022-04-30',
  slb: '2014-05-15',
  rds: '2014-08-15',
  metrics: '2019-01-01',
  kms: '2016-01-20',
} as const;

/** Codes this wrapper gives to failures that carry no API error code of their own. */
export const AlicloudClientCode = {
  /** The body was not JSON (an HTML error page from a gateway, a truncated body, ...). */
  InvalidResponse: 'InvalidResponse',
  /** JSON, but not the shape the action answers with (an error body without `Code`, `{}`, ...). */
  UnexpectedResponse: 'UnexpectedResponse',
  /** The request never got an answer: refused, reset, DNS failure, TLS failure. */
  NetworkError: 'NetworkError',
  /** No answer within `timeoutMs`. */
  Timeout: 'Timeout',
  /**
   * The call's deadline left no time for an answer: no attempt was started, or a retry was given up.
   * Never retried: the deadline is what the caller set aside for this work.
   */
  DeadlineExceeded: 'DeadlineExceeded',
} as const;
export type AlicloudClientCode = (typeof AlicloudClientCode)[keyof typeof AlicloudClientCode];

/**
 * Codes worth another attempt on any action: flow control, transient server trouble, and the request
 * never answered. Any code containing `Throttling` is retried too (see `isRetryableCode`).
 *
 * From the Terraform provider's `NeedRetry` (aliyun/terraform-provider-alicloud, alicloud/errors.go):
 * `ServiceUnavailable`, `Rejected.Throttling` and every code matching /Throttling/. `SystemBusy` is
 * retried there on NLB's UpdateServerGroupServersAttribute
 * (resource_alicloud_nlb_server_group_server_attachment.go); it says nothing about the request itself,
 * so it is retried on every action here. `InternalError` is the 500 of the RPC gateway.
 */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'Throttling',
  'Throttling.User',
  'Throttling.Api',
  'Rejected.Throttling',
  'ServiceUnavailable',
  'SystemBusy',
  'InternalError',
  AlicloudClientCode.Timeout,
  AlicloudClientCode.NetworkError,
]);
