import { cidrMatcher } from './cidr';
import { backendKey } from './keys';
import type { Resolution } from './resolution';
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

/** Why a binding was refused. Every refusal is reported and alerted; none changes the pool. */
export const RefusalReason = {
  ResolutionFailed: 'resolution-failed',
  OutsideAllowedCidrs: 'outside-allowed-cidrs',
  TooManyAddresses: 'too-many-addresses',
} as const;
export type RefusalReason = (typeof RefusalReason)[keyof typeof RefusalReason];

export interface Refusal {
  readonly reason: RefusalReason;
  readonly detail: string;
}

/**
 * The next step for one pool. A plan never both adds and removes: removal is only planned once every
 * desired backend is present, which is what makes "add before remove" (invariant 3) structural.
 */
export type Plan =
  | { readonly kind: 'in-sync'; readonly desired: readonly BackendAddress[] }
  | { readonly kind: 'register'; readonly add: readonly BackendAddress[]; readonly stale: readonly Backend[] }
  | {
      readonly kind: 'await-health';
      readonly waitingFor: readonly BackendAddress[];
      readonly stale: readonly Backend[];
    }
  | {
      readonly kind: 'deregister';
      readonly remove: readonly Backend[];
      readonly because: 'desired-healthy' | 'health-deadline-passed';
    }
  | {
      readonly kind: 'hold';
      readonly waitingFor: readonly BackendAddress[];
      readonly stale: readonly Backend[];
    }
  | { readonly kind: 'refuse'; readonly refusal: Refusal };

/**
 * Decides the next step for one pool from the desired addresses and the pool's current backends.
 *
 * Pure: the loop calls it again after every step it takes, so the same function decides the first
 * registration, the wait, the removal and "nothing left to do". Two invocations racing on one pool
 * each remove old backends only after seeing every desired backend healthy, so neither can empty it.
 */
export function plan(input: PlanInput): Plan {
  const guarded = guardAddresses(input.resolution, input.policy);
  if ('reason' in guarded) return { kind: 'refuse', refusal: guarded };

  const desired = guarded.map((ip) => ({ ip, port: input.port }));
  const desiredKeys = new Set(desired.map(backendKey));
  const present = new Map(
    input.current.filter((b) => b.health !== BackendHealth.Draining).map((b) => [backendKey(b), b]),
  );
  const stale = [...present.values()].filter((b) => !desiredKeys.has(backendKey(b)));

  const missing = desired.filter((d) => !present.has(backendKey(d)));
  if (missing.length > 0) return { kind: 'register', add: missing, stale };
  if (stale.length === 0) return { kind: 'in-sync', desired };

  const notHealthy = desired.filter((d) => present.get(backendKey(d))?.health !== BackendHealth.Healthy);
  if (notHealthy.length === 0) return { kind: 'deregister', remove: stale, because: 'desired-healthy' };
  if (!input.healthDeadlinePassed) return { kind: 'await-health', waitingFor: notHealthy, stale };
  return input.policy.onHealthTimeout === OnHealthTimeout.RemoveOld
    ? { kind: 'deregister', remove: stale, because: 'health-deadline-passed' }
    : { kind: 'hold', waitingFor: notHealthy, stale };
}

/** The guards of invariants 1 and 2: the addresses to obey, or why the resolution must not be obeyed. */
function guardAddresses(resolution: Resolution, policy: PlanPolicy): readonly string[] | Refusal {
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
