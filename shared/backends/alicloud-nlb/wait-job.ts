import type { AlicloudRpc } from '../../alicloud/rpc';
import type { Clock } from '../../core/types';
import { JobStatusResponse } from './schemas';

export interface WaitJobOptions {
  readonly clock: Clock;
  readonly pollMs: number;
  readonly timeoutMs: number;
}

/** How waiting for an NLB job ended; never thrown, the pool turns it into its error. */
export type JobOutcome =
  | { readonly kind: 'succeeded'; readonly waitedMs: number }
  | { readonly kind: 'failed'; readonly status: string; readonly waitedMs: number }
  | { readonly kind: 'timeout'; readonly status: string; readonly waitedMs: number };

/**
 * Polls `GetJobStatus` until the job succeeds, fails, or `timeoutMs` passes. The first poll waits
 * `pollMs`: a job never finishes in the same instant it was accepted. Statuses are compared without
 * case (the documentation spells `Succeeded` and `processing`); any other status keeps waiting.
 */
export async function waitForJob(
  rpc: AlicloudRpc,
  jobId: string,
  options: WaitJobOptions,
): Promise<JobOutcome> {
  const { clock, pollMs, timeoutMs } = options;
  const startedMs = clock.now();
  const deadlineMs = startedMs + timeoutMs;
  for (;;) {
    await clock.sleep(Math.max(0, Math.min(pollMs, deadlineMs - clock.now())));
    const { Status } = await rpc.call('GetJobStatus', { JobId: jobId }, JobStatusResponse);
    const waitedMs = clock.now() - startedMs;
    const status = Status.toLowerCase();
    if (status === 'succeeded') return { kind: 'succeeded', waitedMs };
    if (status === 'failed') return { kind: 'failed', status: Status, waitedMs };
    if (clock.now() >= deadlineMs) return { kind: 'timeout', status: Status, waitedMs };
  }
}
