import { platformOf } from '../../shared/core/config-types';
import type { Config } from '../../shared/core/config-types';

/**
 * The functions' timeout cap. The current Function Compute documentation gives 24 hours, but FC 2.0
 * elastic instances were long limited to 600 s and which limit applies to an account is unverified:
 * 600 s is valid under both. Capping costs no safety: the handler plans its waits from the time it
 * has left, so a binding whose waits do not fit is reported failed, never cut off mid-swap.
 */
export const FC_MAX_TIMEOUT_SECONDS = 600;
/** Head room over the longest wait, for DNS, API calls and the alert (as on AWS). */
export const TIMEOUT_MARGIN_SECONDS = 30;

export interface FunctionTimeouts {
  /** `settleSeconds + healthTimeoutSeconds + 30`, the largest over the bindings, capped. */
  readonly rdsEventSeconds: number;
  /** `healthTimeoutSeconds + 30`, the largest over the bindings, capped. */
  readonly reconcileSeconds: number;
  /** Set when a cap applied: what was wanted. */
  readonly wanted?: { readonly rdsEventSeconds: number; readonly reconcileSeconds: number };
}

/**
 * The two functions' timeouts, computed as the AWS stack computes them, over the bindings with an
 * Alibaba Cloud pool (the others are not these functions' business), all of them if none has one.
 */
export function functionTimeouts(config: Config): FunctionTimeouts {
  const alicloud = config.bindings.filter((b) => b.pools.some((pool) => platformOf(pool) === 'alicloud'));
  const policies = (alicloud.length > 0 ? alicloud : config.bindings).map((b) => b.policy);
  const longest = (seconds: readonly number[]) => Math.ceil(Math.max(0, ...seconds)) + TIMEOUT_MARGIN_SECONDS;
  const rdsEvent = longest(policies.map((p) => p.settleSeconds + p.healthTimeoutSeconds));
  const reconcile = longest(policies.map((p) => p.healthTimeoutSeconds));
  const capped = rdsEvent > FC_MAX_TIMEOUT_SECONDS || reconcile > FC_MAX_TIMEOUT_SECONDS;
  return {
    rdsEventSeconds: Math.min(FC_MAX_TIMEOUT_SECONDS, rdsEvent),
    reconcileSeconds: Math.min(FC_MAX_TIMEOUT_SECONDS, reconcile),
    ...(capped ? { wanted: { rdsEventSeconds: rdsEvent, reconcileSeconds: reconcile } } : {}),
  };
}
