import { cidrMatcher } from './cidr';
import { backendKey } from './keys';
import { RefusalReason } from './refusal';
import type { Refusal } from './refusal';
import type { Resolution } from './resolution';
import type { Planner, Step } from './step';
import { BackendHealth, OnHealthTimeout } from './types';
import type { Backend, BackendAddress, PlanPolicy } from './types';

/** Everything `plan()` looks at: one pool, one resolution, one moment. */
export interface PlanInput {
  readonly resolution: Resolution;
  /** The port the pool sends traffic to; desired backends are (resolved IP, this port). */
  readonly port: number;
  /** The pool as the load balancer describes it now, draining backends included or not. */
  readonly current: readonly Backend[];
  readonly policy: PlanPolicy;
  /** True once the binding's health deadline has passed in this invocation. */
  readonly healthDeadlinePassed: boolean;
}

/**
 * Decides the next step for an IP pool from the desired addresses and the pool's current backends.
 *
 * Pure: the engine calls it again after every step it takes, so the same function decides the first
 * registration, the wait, the removal and "nothing left to do". A plan never both adds and removes:
 * removal is only planned once every desired backend is present, which makes "add before remove"
 * (invariant 3) structural. A healthy backend is never removed unless a desired one is healthy.
 */
export function plan(input: PlanInput): Step<BackendAddress> {
  const guarded = guardAddresses(input.resolution, input.policy);
  if ('reason' in guarded) return { kind: 'refuse', refusal: guarded };

  const desired = guarded.map((ip) => ({ ip, port: input.port }));
  const desiredKeys = new Set(desired.map(backendKey));
  const present = new Map(
    input.current.filter((b) => b.health !== BackendHealth.Draining).map((b) => [backendKey(b), b]),
  );
  const stale = [...present.values()].filter((b) => !desiredKeys.has(backendKey(b)));

  const missing = desired.filter((d) => !present.has(backendKey(d)));
  if (missing.length > 0) return { kind: 'add', add: missing };
  if (stale.length === 0) return { kind: 'in-sync' };

  const notHealthy = desired.filter((d) => present.get(backendKey(d))?.health !== BackendHealth.Healthy);
  if (notHealthy.length === 0) {
    return { kind: 'remove', remove: stale, because: 'desired-healthy' };
  }
  if (!input.healthDeadlinePassed) return { kind: 'await-health', waitingFor: notHealthy };

  const late = `${notHealthy.map(backendKey).join(', ')} not healthy by the health deadline`;
  if (input.policy.onHealthTimeout === OnHealthTimeout.KeepOld) {
    return {
      kind: 'hold',
      reason: `${late}; kept ${stale.map(backendKey).join(', ')} (onHealthTimeout: keep-old)`,
    };
  }
  // remove-old: the old backends are dead weight, but one that still passes its health checks is the
  // only path that works while no desired backend does: it stays.
  const someDesiredHealthy = notHealthy.length < desired.length;
  const removable = someDesiredHealthy ? stale : stale.filter((b) => b.health !== BackendHealth.Healthy);
  const kept = stale.filter((b) => !removable.includes(b));
  if (removable.length > 0) return { kind: 'remove', remove: removable, because: 'health-deadline-passed' };
  return {
    kind: 'hold',
    reason: `${late}; kept ${kept.map(backendKey).join(', ')}: still healthy, the last path that works`,
  };
}

/** `plan()` for one pool, as the engine calls it. */
export function ipPlanner(resolution: Resolution, port: number, policy: PlanPolicy): Planner<BackendAddress> {
  return ({ current, healthDeadlinePassed }) =>
    plan({ resolution, port, current, policy, healthDeadlinePassed });
}

/**
 * The guards of invariants 1 and 2: the addresses to obey, or why the resolution must not be obeyed.
 * Shared with `planRecord`: every pool kind obeys the same guards.
 */
export function guardAddresses(
  resolution: Resolution,
  policy: Pick<PlanPolicy, 'allowedCidrs' | 'maxBackends'>,
): readonly string[] | Refusal {
  if (!resolution.ok) {
    return { reason: RefusalReason.ResolutionFailed, detail: `${resolution.failure}: ${resolution.detail}` };
  }
  if (resolution.addresses.length === 0) {
    return { reason: RefusalReason.ResolutionFailed, detail: 'empty: the resolution returned no address' };
  }
  const allowed = cidrMatcher(policy.allowedCidrs);
  const outside = resolution.addresses.filter((ip) => !allowed(ip));
  if (outside.length > 0) {
    return {
      reason: RefusalReason.OutsideAllowedCidrs,
      detail: `${outside.join(', ')} outside the allowed CIDRs ${policy.allowedCidrs.join(', ')}`,
    };
  }
  if (resolution.addresses.length > policy.maxBackends) {
    return {
      reason: RefusalReason.TooManyAddresses,
      detail: `${resolution.addresses.length} addresses resolved, at most ${policy.maxBackends} allowed`,
    };
  }
  return resolution.addresses;
}
