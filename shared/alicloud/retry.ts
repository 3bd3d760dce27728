import { RETRYABLE_CODES } from './constants';

/** Backoff bounds; `random` is injected so tests know every delay. */
export interface BackoffPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly random: () => number;
}

/** Whether an error code is worth another attempt, given the call's own extra codes. */
export function isRetryableCode(code: string, extra: readonly string[] = []): boolean {
  // The Terraform provider's NeedRetry matches /Throttling/ anywhere in the code (`Throttling.User`,
  // `Rejected.Throttling`, `Throttling.Api`, ...).
  return RETRYABLE_CODES.has(code) || code.includes('Throttling') || extra.includes(code);
}

/**
 * The wait before retry number `retry` (1 for the first retry): exponential, capped, with "equal
 * jitter" (half fixed, half random) so that concurrent invocations throttled together spread out
 * without any of them retrying at once.
 */
export function backoffDelayMs(retry: number, policy: BackoffPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (policy.random() * ceiling) / 2);
}
