import type { Change, Described } from '../core/step';
import type { DrainControl } from './drain-control';

/** The invocation's budget, carried by every call: no call may outlive it. */
export interface CallContext {
  /** Epoch milliseconds by the injected clock; the call must end (or give up) by then. */
  readonly deadlineMs: number;
  /** Fires when the invocation runs out of time; passed to the SDKs so that a hung call is abandoned. */
  readonly abortSignal?: AbortSignal;
}

/**
 * One load balancer pool seen through one cloud API: an ELBv2 target group, an NLB server group (members
 * are IP addresses), a CLB VServer group (members are relay instances). Adapters translate; the planner
 * and the engine decide.
 */
export interface Pool<A> {
  /** Names the pool in reports, logs and the lease store, e.g. `aws-elbv2 targetgroup/orders-pg/0123`. */
  readonly id: string;
  /** The one key of a member (`backendKey`, `relayKey`), shared with the planner and the lease journal. */
  key(member: A): string;
  /** Every member the load balancer reports, leaving ones marked `draining`. */
  describe(call: CallContext): Promise<Described<A>[]>;
  /** Sends one change. Adding a member already present and removing one already gone both succeed. */
  apply(change: Change<A>, call: CallContext): Promise<void>;
  /** What the pool does with connections to a removed member; absent for kinds that have no such setting. */
  readonly drain?: DrainControl;
  /**
   * For a pool that knows when a new member's health can first change (an ELBv2 target group knows its
   * health check's interval and threshold): the schedule of the engine's health polls. The engine never
   * waits longer between two polls than the binding's `healthPollMs`, which is all it uses without one.
   */
  healthPollSchedule?(call: CallContext): Promise<HealthPollSchedule>;
  /**
   * The report's words for a `replace` this pool carried out, by member key. A relay group swaps a failing
   * relay for a spare; a record is rewritten whole because the database moved: without this, the engine's
   * words are the relay group's ("swapped out X (failing)").
   */
  replaceResult?(removed: readonly string[], added: readonly string[]): string;
}

/**
 * How long to wait before the next health poll, `sinceAddedMs` after the awaited member was added
 * (`Infinity` when nobody knows: it may turn healthy at any check).
 */
export type HealthPollSchedule = (sinceAddedMs: number) => number;
