import { backendKey } from '../core/keys';
import { BackendHealth } from '../core/types';
import type { Backend, BackendAddress, Clock } from '../core/types';
import type { Pool } from './pool';

export interface WaitHealthyOptions {
  /** Epoch milliseconds after which waiting stops. */
  readonly deadlineMs: number;
  readonly pollMs: number;
  readonly clock: Clock;
}

/** How a wait for health ended; never thrown, the caller decides what a timeout means. */
export type WaitHealthyOutcome =
  | { readonly healthy: true; readonly backends: Backend[]; readonly waitedMs: number }
  | {
      readonly healthy: false;
      readonly backends: Backend[];
      readonly waitedMs: number;
      readonly notHealthy: string[];
    };

/**
 * Polls the pool until every one of `targets` is healthy or the deadline passes. The SDK waiters are
 * not used: their 15 s minimum delay is longer than many health checks take to pass, and they need a
 * `maxWaitTime` we would compute from the same deadline anyway.
 */
export async function waitHealthy(
  pool: Pool,
  targets: readonly BackendAddress[],
  { deadlineMs, pollMs, clock }: WaitHealthyOptions,
): Promise<WaitHealthyOutcome> {
  const startedMs = clock.now();
  const wanted = new Set(targets.map(backendKey));
  for (;;) {
    const backends = await pool.describe();
    const healthy = new Set(backends.filter((b) => b.health === BackendHealth.Healthy).map(backendKey));
    const notHealthy = [...wanted].filter((key) => !healthy.has(key));
    const waitedMs = clock.now() - startedMs;
    if (notHealthy.length === 0) return { healthy: true, backends, waitedMs };
    const remainingMs = deadlineMs - clock.now();
    if (remainingMs <= 0) return { healthy: false, backends, waitedMs, notHealthy };
    await clock.sleep(Math.min(pollMs, remainingMs));
  }
}
