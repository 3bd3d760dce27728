import type { AlicloudRpc } from '../../alicloud/rpc';
import type { DrainSettings } from '../../core/drain';
import type { DrainControl } from '../drain-control';
import { PoolApiError } from '../errors';
import type { CallContext } from '../pool';
import { NLB_ADD_RETRY_CODES } from './retry-codes';
import { AsyncJobResponse, ListServerGroupsResponse } from './schemas';
import type { JobOutcome } from './wait-job';

/** What the drain control needs of the pool: its RPC, its group, and how it waits for a job. */
export interface NlbDrainOptions {
  readonly rpc: AlicloudRpc;
  readonly poolId: string;
  readonly region: string;
  readonly serverGroupId: string;
  readonly waitForJob: (jobId: string, call: CallContext) => Promise<JobOutcome>;
}

/**
 * The server group's `ConnectionDrainEnabled` / `ConnectionDrainTimeout`: read with ListServerGroups,
 * set with UpdateServerGroupAttribute (API reference, NLB 2022-04-30), which answers a `JobId` like the
 * add and remove calls and is waited for the same way. A group with drain off reads as keeping its
 * connections: unverified whether NLB then cuts them at removal; the lab assumes it does not.
 */
export function nlbDrain(options: NlbDrainOptions): DrainControl {
  const { rpc, poolId, region, serverGroupId } = options;
  return {
    async read() {
      const { ServerGroups } = await rpc.call(
        'ListServerGroups',
        { RegionId: region, 'ServerGroupIds.1': serverGroupId },
        ListServerGroupsResponse,
      );
      const group = ServerGroups.find((g) => g.ServerGroupId === serverGroupId);
      if (group === undefined) {
        throw new PoolApiError(
          poolId,
          'settings',
          'ResourceNotFound.serverGroup',
          'ListServerGroups did not list the group',
        );
      }
      return {
        closesConnections: group.ConnectionDrainEnabled ?? false,
        // Unverified: the timeout a group reports with drain never set; 0 keeps a report from inventing one.
        delaySeconds: group.ConnectionDrainTimeout ?? 0,
      };
    },
    async write(wanted: DrainSettings, call) {
      const { JobId } = await rpc.call(
        'UpdateServerGroupAttribute',
        {
          RegionId: region,
          ServerGroupId: serverGroupId,
          ConnectionDrainEnabled: wanted.closesConnections,
          ConnectionDrainTimeout: wanted.delaySeconds,
        },
        AsyncJobResponse,
        // A job on the group (an add or remove of ours or someone's) refuses the change the same way.
        { clientToken: true, retryOn: NLB_ADD_RETRY_CODES },
      );
      const outcome = await options.waitForJob(JobId, call);
      if (outcome.kind !== 'succeeded') {
        const message = `UpdateServerGroupAttribute job ${JobId} ended ${outcome.status} after ${outcome.waitedMs} ms`;
        throw new PoolApiError(
          poolId,
          'settings',
          outcome.kind === 'failed' ? 'JobFailed' : 'JobTimeout',
          message,
        );
      }
    },
  };
}
