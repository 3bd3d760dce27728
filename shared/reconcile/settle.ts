import { poll } from '../core/poll';
import type { PollVerdict } from '../core/poll';
import type { Refusal } from '../core/refusal';
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
  /** Why an answer must never be obeyed (a poisoned one), if it must not. */
  readonly refusal?: (resolution: Resolution) => Refusal | undefined;
  /** Told of the first such answer at once, while the wait goes on. */
  readonly onRefused?: (resolution: Resolution, refusal: Refusal) => void;
}

/** Answers the settle window refused and waited past. */
export interface RefusedAnswers {
  /** How many polls got one. */
  readonly polls: number;
  /** The first, and why. */
  readonly first: Refusal;
  readonly addresses: readonly string[];
}

export interface SettleRecord {
  readonly waitedMs: number;
  readonly polls: number;
  readonly changed: boolean;
  readonly refused?: RefusedAnswers;
}

export interface SettledResolution {
  readonly resolution: Resolution;
  readonly settle?: SettleRecord;
}

/**
 * Resolves the endpoint; after a failover event, keeps asking until the answer moves away from what is
 * registered or the deadline passes. Why poll: RDS sends "failover completed" and then, "DNS propagation
 * may take a few minutes", the name still points at the old primary. A resolver that asks once sees
 * no change, does nothing, and the load balancer stays on the old primary until the next schedule.
 *
 * An answer that must be refused (outside the allowed CIDRs, too many addresses) does not end the wait:
 * 1. the failover starts, and a resolver on the way serves a poisoned or half-propagated answer;
 * 2. a window that ended there would fail the run, and the pool would stay on the dead primary until a
 *    platform retry or the schedule;
 * 3. a few seconds later DNS gives the new primary, inside the window.
 * So the first such answer is reported at once (`onRefused`: a security event), and the wait goes on for
 * a valid moved answer; the record says how many polls were refused.
 */
export async function resolveSettled(
  resolve: () => Promise<Resolution>,
  options: SettleOptions,
): Promise<SettledResolution> {
  if (!options.settle) return { resolution: await resolve() };
  const { clock, abortSignal } = options;
  let refused: RefusedAnswers | undefined;
  const outcome = await poll(
    async (): Promise<PollVerdict<Resolution>> => {
      const resolution = await resolve();
      const refusal = options.refusal?.(resolution);
      if (refusal) {
        if (refused === undefined) options.onRefused?.(resolution, refusal);
        const addresses = resolution.ok ? resolution.addresses : [];
        refused = {
          polls: (refused?.polls ?? 0) + 1,
          first: refused?.first ?? refusal,
          addresses: refused?.addresses ?? addresses,
        };
        return { state: 'retry', value: resolution };
      }
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
      ...(refused ? { refused } : {}),
    },
  };
}
