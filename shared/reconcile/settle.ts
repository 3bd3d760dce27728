import { poll } from '../core/poll';
import type { PollVerdict } from '../core/poll';
import type { Resolution } from '../core/resolution';
import type { Clock } from '../core/types';

export interface SettleOptions {
  /** False for schedules and manual runs: one resolution, no waiting. */
  readonly settle: boolean;
  /** Whether an answer differs from what the pools hold, i.e. DNS has moved. */
  readonly moved: (resolution: Resolution) => boolean;
  /** Epoch milliseconds; the last resolution starts at it at the latest. */
  readonly deadlineMs: number;
  readonly pollMs: number;
  readonly clock: Clock;
  /** Stops waiting: the answer in hand is used as it is. */
  readonly abortSignal?: AbortSignal;
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
  if (!options.settle) return { resolution: await resolve() };
  const { clock, abortSignal } = options;
  const outcome = await poll(
    async (): Promise<PollVerdict<Resolution>> => {
      const resolution = await resolve();
      const changed = resolution.ok && options.moved(resolution);
      return { state: changed ? 'success' : 'retry', value: resolution };
    },
    {
      clock,
      deadlineMs: options.deadlineMs,
      delayMs: options.pollMs,
      ...(abortSignal ? { abortSignal } : {}),
    },
  );
  // Aborted before the first look: the loop still needs an answer, and one resolution is not a wait.
  const resolution = outcome.value ?? (await resolve());
  return {
    resolution,
    settle: {
      waitedMs: outcome.waitedMs,
      polls: Math.max(1, outcome.attempts),
      changed: outcome.kind === 'success',
    },
  };
}
