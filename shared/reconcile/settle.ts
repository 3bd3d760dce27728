import type { Resolution } from '../core/resolution';
import type { Clock } from '../core/types';

export interface SettleOptions {
  /** False for schedules and manual runs: one resolution, no waiting. */
  readonly settle: boolean;
  /** Whether an answer differs from what the pools hold, i.e. DNS has moved. */
  readonly moved: (resolution: Resolution) => boolean;
  readonly deadlineMs: number;
  readonly pollMs: number;
  readonly clock: Clock;
}

export interface SettledResolution {
  readonly resolution: Resolution;
  readonly settle?: { readonly waitedMs: number; readonly polls: number; readonly changed: boolean };
}

/**
 * Resolves the endpoint; after a failover event, keeps asking until the answer moves away from what is
 * registered or the deadline passes. Why poll: RDS sends "failover completed" and then, "DNS propagation
 * may take a few minutes", the name still points at the old primary. A resolver that asks once sees
 * no change, does nothing, and the load balancer stays on the old primary until the next schedule.
 */
export async function resolveSettled(
  resolve: () => Promise<Resolution>,
  options: SettleOptions,
): Promise<SettledResolution> {
  const { clock } = options;
  const startedMs = clock.now();
  for (let polls = 1; ; polls += 1) {
    const resolution = await resolve();
    if (!options.settle) return { resolution };
    const changed = resolution.ok && options.moved(resolution);
    if (changed || clock.now() + options.pollMs > options.deadlineMs) {
      return { resolution, settle: { waitedMs: clock.now() - startedMs, polls, changed } };
    }
    await clock.sleep(options.pollMs);
  }
}
