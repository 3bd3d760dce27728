import type { AlicloudRpc } from '../../alicloud/rpc';
import { poll } from '../../core/poll';
import type { PollVerdict } from '../../core/poll';
import type { Clock } from '../../core/types';
import { JobStatusResponse } from './schemas';

export interface WaitJobOptions {
  readonly clock: Clock;
  readonly pollMs: number;
  /** How long the job may run, counted from the start of the wait. */
  readonly timeoutMs: number;
  /**
   * Epoch milliseconds the wait never outlives, whatever `timeoutMs` says: the invocation's deadline.
   * The earlier of the two ends the wait.
   */
  readonly deadlineMs?: number;
}

/** How waiting for an NLB job ended; never thrown, the pool turns it into its error. */
export type JobOutcome =
  | { readonly kind: 'succeeded'; readonly waitedMs: number }
  | { readonly kind: 'failed'; readonly status: string; readonly waitedMs: number }
  | { readonly kind: 'timeout'; readonly status: string; readonly waitedMs: number };

/**
 * Polls `GetJobStatus` until the job succeeds, fails, or the wait's deadline passes. The first poll waits
 * `pollMs`: a job never finishes in the same instant it was accepted. Statuses are compared without
 * case (the documentation spells `Succeeded` and `processing`); any other status keeps waiting.
 */
export async function waitForJob(
  rpc: AlicloudRpc,
  jobId: string,
  options: WaitJobOptions,
): Promise<JobOutcome> {
  const { clock, pollMs } = options;
  const deadlineMs = Math.min(clock.now() + options.timeoutMs, options.deadlineMs ?? Infinity);
  const outcome = await poll(
    async (): Promise<PollVerdict<string>> => {
      const { Status } = await rpc.call('GetJobStatus', { JobId: jobId }, JobStatusResponse);
      const status = Status.toLowerCase();
      if (status === 'succeeded') return { state: 'success', value: Status };
      if (status === 'failed') return { state: 'failure', value: Status };
      return { state: 'retry', value: Status };
    },
    { clock, deadlineMs, initialDelayMs: pollMs, delayMs: pollMs },
  );
  const { waitedMs } = outcome;
  switch (outcome.kind) {
    case 'success':
      return { kind: 'succeeded', waitedMs };
    case 'failure':
      return { kind: 'failed', status: outcome.value, waitedMs };
    default:
      // No abort signal is passed, so this is a timeout, after at least one GetJobStatus.
      return { kind: 'timeout', status: outcome.value ?? 'unknown', waitedMs };
  }
}
