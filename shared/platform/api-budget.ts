import { systemClock } from '../core/clock';
import { fullBucket, reserve, waitFor } from '../core/token-bucket';
import type { TokenBucketSpec, TokenBucketState } from '../core/token-bucket';
import type { Clock } from '../core/types';
import { clientBucket } from './api-budgets';
import type { ApiFamily } from './api-budgets';

/** A call that would have to wait for its token past the time it has, or whose wait was abandoned. */
export class ApiBudgetWaitError extends Error {
  override readonly name = 'ApiBudgetWaitError';
  constructor(
    readonly family: ApiFamily,
    /** The region, and the account when it is not the function's own. */
    readonly where: string,
    readonly waitMs: number,
    reason: string,
  ) {
    super(`${family} in ${where}: ${reason} (the API budget would have it wait ${waitMs} ms)`);
  }
}

export interface AcquireOptions {
  /** The longest wait the caller accepts; a longer one is refused at once, taking no token. */
  readonly maxWaitMs?: number;
  /** Ends the wait early (the invocation's deadline): the call is refused. */
  readonly abortSignal?: AbortSignal;
  /**
   * The account the call is made as, when it is not the function's own (an assumed role's): AWS counts a
   * call against the account whose credentials sign it, so each such account has buckets of its own.
   */
  readonly account?: string;
}

/** What the budget has done, for the bench and the logs. */
export interface ApiBudgetStats {
  readonly calls: number;
  /** Calls that had to wait for a token. */
  readonly paced: number;
  readonly waitedMs: number;
}

/**
 * The API calls of every binding, paced by the cloud's own token buckets so that none is throttled: one
 * bucket per API family and region, shared by whatever holds this budget (a runtime, so every binding
 * of an invocation, and on Lambda every invocation of a sandbox).
 */
export interface ApiBudget {
  /** Waits until a call of `family` in `region` may go. Throws `ApiBudgetWaitError` instead of waiting too long. */
  acquire(family: ApiFamily, region: string, options?: AcquireOptions): Promise<void>;
  stats(): ApiBudgetStats;
}

export interface ApiBudgetOptions {
  readonly clock?: Clock;
  /** The bucket per family; default `clientBucket`, the documented budget less a margin. */
  readonly bucketOf?: (family: ApiFamily) => TokenBucketSpec;
}

export function createApiBudget(options: ApiBudgetOptions = {}): ApiBudget {
  const clock = options.clock ?? systemClock;
  const bucketOf = options.bucketOf ?? clientBucket;
  const buckets = new Map<string, TokenBucketState>();
  let calls = 0;
  let paced = 0;
  let waitedMs = 0;

  return {
    async acquire(family, region, acquireOptions = {}) {
      const spec = bucketOf(family);
      const key = `${family} ${region} ${acquireOptions.account ?? 'own'}`;
      const where =
        acquireOptions.account === undefined ? region : `${region}, account ${acquireOptions.account}`;
      const nowMs = clock.now();
      const state = buckets.get(key) ?? fullBucket(spec, nowMs);
      const wouldWaitMs = waitFor(spec, state, nowMs);
      if (acquireOptions.abortSignal?.aborted) {
        throw new ApiBudgetWaitError(family, where, wouldWaitMs, 'no time left for the call');
      }
      if (acquireOptions.maxWaitMs !== undefined && wouldWaitMs > acquireOptions.maxWaitMs) {
        throw new ApiBudgetWaitError(
          family,
          where,
          wouldWaitMs,
          `the call has ${Math.max(0, Math.round(acquireOptions.maxWaitMs))} ms`,
        );
      }
      const reserved = reserve(spec, state, nowMs);
      buckets.set(key, reserved.state);
      calls += 1;
      if (reserved.waitMs === 0) return;
      paced += 1;
      waitedMs += reserved.waitMs;
      await sleepUnlessAborted(clock, reserved.waitMs, acquireOptions.abortSignal, () => {
        // The token stays spent: a refund could let a later call overtake one still queued.
        throw new ApiBudgetWaitError(
          family,
          where,
          reserved.waitMs,
          'the wait was abandoned at the deadline',
        );
      });
    },
    stats: () => ({ calls, paced, waitedMs }),
  };
}

async function sleepUnlessAborted(
  clock: Clock,
  ms: number,
  signal: AbortSignal | undefined,
  onAbort: () => never,
): Promise<void> {
  if (signal === undefined) return clock.sleep(ms);
  let listener: (() => void) | undefined;
  const aborted = new Promise<'aborted'>((resolve) => {
    listener = () => resolve('aborted');
    signal.addEventListener('abort', listener, { once: true });
  });
  try {
    const won = await Promise.race([clock.sleep(ms).then(() => 'slept' as const), aborted]);
    if (won === 'aborted') onAbort();
  } finally {
    if (listener) signal.removeEventListener('abort', listener);
  }
}
