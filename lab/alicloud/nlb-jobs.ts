import { NlbJobStatus } from './nlb-types';

/** An asynchronous add or remove on one server group. */
export interface NlbJob {
  id: string;
  groupId: string;
  startedAt: number;
  durationMs: number;
  /** Set by `failNextJob`: the job ends `Failed` and its servers are not applied. */
  fails: boolean;
}

/** The job's status at `nowMs`, computed from its start so a fake clock moves it and no timer fires. */
export function jobStatus(job: NlbJob, nowMs: number): NlbJobStatus {
  if (nowMs - job.startedAt < job.durationMs) return NlbJobStatus.Processing;
  return job.fails ? NlbJobStatus.Failed : NlbJobStatus.Succeeded;
}
