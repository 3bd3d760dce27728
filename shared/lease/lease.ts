import { poll } from '../core/poll';
import type { PollVerdict } from '../core/poll';
import type { ChangeIntent } from '../core/intents';
import type { Clock } from '../core/types';
import { LeaseLostError } from './errors';
import type { LeaseRecord, LeaseStore } from './types';

/**
 * How long after a holder's deadline its lease still stands. Every call a holder makes ends (or is
 * abandoned) by its deadline, but a request already on the wire can still reach the load balancer a
 * little later; the next holder must not read the pool before such a call has landed.
 */
export const LATE_LANDING_MARGIN_MS = 30_000;
/** Intents older than this are pruned: longer than ELB's default 300 s deregistration delay. */
export const INTENT_HORIZON_MS = 600_000;
/** At most this many intents are kept per pool, the newest. */
const MAX_INTENTS = 64;

export interface LeaseOptions {
  readonly store: LeaseStore;
  /** This invocation, as the holder's name in the store. */
  readonly owner: string;
  readonly clock: Clock;
  /** The invocation's deadline: the lease stands until it, plus `LATE_LANDING_MARGIN_MS`. */
  readonly deadlineMs: number;
  /** How long to wait for a busy lease; at most until the deadline. */
  readonly waitUntilMs: number;
  /** How often a busy lease is looked at again. */
  readonly pollMs: number;
  /** Fires at the invocation's deadline; every store call gives up then. */
  readonly abortSignal?: AbortSignal;
}

/** A held lease on one pool. */
export interface PoolLease {
  /** The pool's journal as of the last read or write, oldest first. */
  readonly intents: () => readonly ChangeIntent[];
  /** Writes the intents before their call is sent; throws `LeaseLostError` if the lease was taken. */
  intend(changes: readonly Omit<ChangeIntent, 'atMs' | 'landsByMs'>[]): Promise<void>;
  /**
   * Ends the lease, keeping the journal; after a change whose outcome is unknown (its call failed or
   * timed out: it may still land), only once the late-landing margin has passed. A failed release is
   * harmless: the lease expires.
   */
  release(options?: { readonly afterUncertainChange?: boolean }): Promise<void>;
}

export type LeaseOutcome =
  | { readonly kind: 'acquired'; readonly lease: PoolLease; readonly waitedMs: number }
  | {
      readonly kind: 'busy';
      readonly holder: string;
      readonly expiresAtMs: number;
      readonly waitedMs: number;
    };

/**
 * Takes the lease on `pool`, waiting while another invocation holds it. Why a lease: without one,
 * 1. run A (DNS says B) registers B; 2. run B (a resolver still says A) sees A healthy and B initial and
 * sends DeregisterTargets(B), slow to land; 3. A sees B healthy and deregisters A; 4. both land: the
 * pool is empty. Under the lease, B's decision and its call happen before A's read or after A is done,
 * and A's re-read before removing sees what B did.
 */
export async function acquireLease(pool: string, options: LeaseOptions): Promise<LeaseOutcome> {
  const { store, owner, clock } = options;
  let holder: LeaseRecord | undefined;
  const outcome = await poll(
    async (): Promise<PollVerdict<PoolLease | undefined>> => {
      const record = await store.read(pool, options.abortSignal);
      const nowMs = clock.now();
      if (record && record.owner !== owner && record.expiresAtMs > nowMs) {
        holder = record;
        return { state: 'retry', value: undefined };
      }
      const next: LeaseRecord = {
        pool,
        owner,
        expiresAtMs: options.deadlineMs + LATE_LANDING_MARGIN_MS,
        version: (record?.version ?? 0) + 1,
        intents: pruned(record?.intents ?? [], nowMs),
      };
      // Lost the race to another taker: look again at once, it may be free again or busy.
      if (!(await store.compareAndSet(record?.version, next, options.abortSignal))) {
        return { state: 'retry', value: undefined };
      }
      return { state: 'success', value: heldLease(next, options) };
    },
    {
      clock,
      deadlineMs: Math.min(options.waitUntilMs, options.deadlineMs),
      delayMs: () => (holder ? options.pollMs : 0),
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    },
  );
  if (outcome.kind === 'success' && outcome.value) {
    return { kind: 'acquired', lease: outcome.value, waitedMs: outcome.waitedMs };
  }
  return {
    kind: 'busy',
    holder: holder?.owner ?? 'unknown',
    expiresAtMs: holder?.expiresAtMs ?? 0,
    waitedMs: outcome.waitedMs,
  };
}

function heldLease(acquired: LeaseRecord, options: LeaseOptions): PoolLease {
  const { store, clock } = options;
  let record = acquired;
  const write = async (next: LeaseRecord) => {
    if (!(await store.compareAndSet(record.version, next, options.abortSignal))) {
      throw new LeaseLostError(store.id, record.pool, record.owner);
    }
    record = next;
  };
  return {
    intents: () => record.intents,
    async intend(changes) {
      const nowMs = clock.now();
      if (nowMs >= record.expiresAtMs) throw new LeaseLostError(store.id, record.pool, record.owner);
      await write({
        ...record,
        version: record.version + 1,
        intents: pruned(
          [...record.intents, ...changes.map((c) => ({ ...c, atMs: nowMs, landsByMs: record.expiresAtMs }))],
          nowMs,
        ),
      });
    },
    async release({ afterUncertainChange = false } = {}) {
      // 1. DeregisterTargets(A) times out here, and A's removal is still on its way; 2. were the lease
      // free now, the next holder could read A healthy, remove the other member, and A's call land.
      const expiresAtMs = afterUncertainChange ? clock.now() + LATE_LANDING_MARGIN_MS : 0;
      try {
        await write({ ...record, version: record.version + 1, expiresAtMs });
      } catch {
        // Expiry ends it all the same; the journal written so far is what the next holder reads.
      }
    },
  };
}

function pruned(intents: readonly ChangeIntent[], nowMs: number): ChangeIntent[] {
  return intents.filter((i) => i.atMs >= nowMs - INTENT_HORIZON_MS).slice(-MAX_INTENTS);
}
