import { AlicloudClientCode } from '../../alicloud/constants';
import { AlicloudApiError } from '../../alicloud/errors';
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
 * case (the documentation spells `Succeeded` and `processing`); any other status keeps waiting. An RPC
 * client bound to an earlier deadline refuses the last `GetJobStatus`: that is a timeout too, with the
 * status seen last.
 */
export async function waitForJob(
  rpc: AlicloudRpc,
  jobId: string,
  options: WaitJobOptions,
): Promise<JobOutcome> {
  const { clock, pollMs } = options;
  const deadlineMs = Math.min(clock.now() + options.timeoutMs, options.deadlineMs ?? Infinity);
  let lastStatus = NOT_ASKED;
  const outcome = await poll(
    async (): Promise<PollVerdict<JobSeen>> => {
      let Status: string;
      try {
        ({ Status } = await rpc.call('GetJobStatus', { JobId: jobId }, JobStatusResponse));
      } catch (error) {
        if (!isDeadlineExceeded(error)) throw error;
        return { state: 'failure', value: { status: lastStatus, outOfTime: true } };
      }
      lastStatus = Status;
      const status = Status.toLowerCase();
      if (status === 'succeeded') return { state: 'success', value: { status: Status } };
      if (status === 'failed') return { state: 'failure', value: { status: Status } };
      return { state: 'retry', value: { status: Status } };
    },
    { clock, deadlineMs, initialDelayMs: pollMs, delayMs: pollMs },
  );
  const { waitedMs } = outcome;
  const status = outcome.value?.status ?? lastStatus;
  if (outcome.kind === 'success') return { kind: 'succeeded', waitedMs };
  if (outcome.kind === 'failure' && outcome.value.outOfTime !== true)
    return { kind: 'failed', status, waitedMs };
  // No abort signal is passed: whatever is left is the wait running out of time.
  return { kind: 'timeout', status, waitedMs };
}

/** What one `GetJobStatus` told, or that the RPC client's deadline left no time to ask. */
interface JobSeen {
  readonly status: string;
  readonly outOfTime?: true;
}

/** The status reported when not one `GetJobStatus` was answered. */
const NOT_ASKED = 'not yet asked';

const isDeadlineExceeded = (error: unknown): boolean =>
  error instanceof AlicloudApiError && error.code === AlicloudClientCode.DeadlineExceeded;
