import type { Refusal } from './refusal';
import type { BackendHealth } from './types';

/** How a load balancer reports one member, whatever the member is (an IP, a relay instance). */
export interface Health {
  readonly health: BackendHealth;
  /** The cloud's own word (`initial`, `Available`, `abnormal`, ...), kept for reports. */
  readonly state: string;
}

/** A member of a pool as its load balancer describes it. */
export type Described<A> = A & Health;

/** A change the engine sends to a pool through `Pool.apply`. */
export type Change<A> =
  | { readonly kind: 'add'; readonly add: readonly A[] }
  | {
      readonly kind: 'remove';
      readonly remove: readonly A[];
      readonly because: 'desired-healthy' | 'health-deadline-passed';
    }
  /** Swaps `remove` for `add` in one call (CLB): the pool never shrinks in between. */
  | { readonly kind: 'replace'; readonly remove: readonly A[]; readonly add: readonly A[] };

/**
 * The next step for one pool, whatever its kind: both planners (`plan` for IP pools, `planRelays` for
 * relay groups) answer in these words, and one engine carries them out. `drift` lists what is wrong
 * that the planner does not repair by itself (reported and alerted, never changed).
 */
export type Step<A> = (
  | { readonly kind: 'in-sync' }
  | Change<A>
  | { readonly kind: 'await-health'; readonly waitingFor: readonly A[] }
  | { readonly kind: 'hold'; readonly reason: string }
  | { readonly kind: 'refuse'; readonly refusal: Refusal }
) & { readonly drift?: readonly string[] };

/** What a planner looks at: the pool now, and what this invocation already learned. */
export interface PlanView<A> {
  readonly current: readonly Described<A>[];
  readonly healthDeadlinePassed: boolean;
  /** Keys removed earlier in this invocation: a relay seen failing is never swapped back in. */
  readonly removedThisRun: ReadonlySet<string>;
}

/** A planner for one pool: pure, called again after every step the engine takes. */
export type Planner<A> = (view: PlanView<A>) => Step<A>;
