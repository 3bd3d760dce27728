/*
 * A per-pool lease in a store with compare-and-set. Every change to a pool is decided and applied while
 * holding it (invariant 3); the record also carries the write-ahead journal of the changes made under
 * it, so that a run that died mid-call, or a call that lands late, is known to the next holder.
 */

import type { ChangeIntent } from '../core/intents';

/** One change to a pool, written to the store before the call that makes it is sent. */
export type LeaseIntent = ChangeIntent;

/** What the store holds for one pool. Records are never deleted: a release only ends the lease. */
export interface LeaseRecord {
  /** The pool's id, e.g. `aws-elbv2 targetgroup/orders-pg/0123456789abcdef`: the store's key. */
  readonly pool: string;
  /** The run that holds (or last held) the lease. */
  readonly owner: string;
  /** Epoch milliseconds after which the lease is free; 0 once released. */
  readonly expiresAtMs: number;
  /** Incremented by every write: the compare-and-set token. */
  readonly version: number;
  /** Recent changes, oldest first, pruned by age. */
  readonly intents: readonly LeaseIntent[];
}

/**
 * The one thing a store must do well: read a record consistently, and write one only if it has not
 * changed since it was read. Everything else (acquire, renew, release, intents) is built on these two
 * in `lease.ts`, the same for every store.
 */
export interface LeaseStore {
  /** Names the store in reports and errors, e.g. `dynamodb us-east-1/rds-failover-sync-leases`. */
  readonly id: string;
  /**
   * A strongly consistent read; `undefined` when the pool never had a lease. `signal` fires at the
   * invocation's deadline: the call gives up then, like every other call (invariant 6).
   */
  read(pool: string, signal?: AbortSignal): Promise<LeaseRecord | undefined>;
  /**
   * Writes `next` if the stored record's version is `expectedVersion` (`undefined`: no record yet).
   * Resolves `false` when that condition fails; rejects with `LeaseStoreError` on anything else.
   */
  compareAndSet(
    expectedVersion: number | undefined,
    next: LeaseRecord,
    signal?: AbortSignal,
  ): Promise<boolean>;
}
