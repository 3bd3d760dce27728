import type { Clock } from './types';

/** What one attempt of a poll concluded. */
export type PollVerdict<T> =
  | { readonly state: 'success'; readonly value: T }
  | { readonly state: 'failure'; readonly value: T }
  | { readonly state: 'retry'; readonly value: T };

/** How a poll ended. Never thrown: the caller decides what a timeout means. */
export type PollOutcome<T> =
  | {
      readonly kind: 'success' | 'failure';
      readonly value: T;
      readonly attempts: number;
      readonly waitedMs: number;
    }
  | {
      readonly kind: 'timeout' | 'aborted';
      /** The last attempt's value, when there was one. */
      readonly value: T | undefined;
      readonly attempts: number;
      readonly waitedMs: number;
    };

export interface PollOptions {
  readonly clock: Clock;
  /** Epoch milliseconds; no attempt starts after it and no sleep reaches past it. */
  readonly deadlineMs: number;
  /** Wait before attempt `n + 1` after attempt `n` (1-based) said `retry`. */
  readonly delayMs: number | ((attempt: number) => number);
  /** Wait before the first attempt; default 0. */
  readonly initialDelayMs?: number;
  readonly abortSignal?: AbortSignal;
}

/**
 * The one wait loop: calls `attempt` until it says success or failure, the deadline passes, or the
 * signal aborts. Settle, health, NLB jobs, relay health and retries are this loop with another
 * acceptor. The last attempt happens at the deadline at the latest, so a wait never ends without
 * looking once more at what it waits for.
 */
export async function poll<T>(
  attempt: (attemptNumber: number) => Promise<PollVerdict<T>>,
  options: PollOptions,
): Promise<PollOutcome<T>> {
  const { clock, deadlineMs, abortSignal } = options;
  const startedMs = clock.now();
  const waited = () => clock.now() - startedMs;
  const delayFor = (n: number) =>
    typeof options.delayMs === 'number' ? options.delayMs : options.delayMs(n);
  let last: T | undefined;
  let delayMs = options.initialDelayMs ?? 0;
  for (let attempts = 0; ;) {
    if (abortSignal?.aborted) return { kind: 'aborted', value: last, attempts, waitedMs: waited() };
    if (delayMs > 0) await clock.sleep(Math.max(0, Math.min(delayMs, deadlineMs - clock.now())));
    if (abortSignal?.aborted) return { kind: 'aborted', value: last, attempts, waitedMs: waited() };
    attempts += 1;
    const verdict = await attempt(attempts);
    last = verdict.value;
    if (verdict.state !== 'retry')
      return { kind: verdict.state, value: verdict.value, attempts, waitedMs: waited() };
    if (clock.now() >= deadlineMs) return { kind: 'timeout', value: last, attempts, waitedMs: waited() };
    delayMs = Math.max(0, delayFor(attempts));
  }
}
