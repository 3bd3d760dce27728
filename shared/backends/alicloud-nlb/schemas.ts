import * as v from 'valibot';
import { integerLike } from '../../alicloud/schemas';

/**
 * One page of `ListServerGroupServers`, e.g.
 * `{"RequestId":"..","Servers":[{"ServerId":"10.0.1.10","ServerIp":"10.0.1.10","ServerType":"Ip",
 * "Port":5432,"Weight":100,"Status":"Available","ZoneId":"cn-hangzhou-h"}],"NextToken":"..","TotalCount":3}`.
 * `Servers` is required: an error body without `Code` must not read as an empty group.
 */
export const ListServerGroupServersResponse = v.object({
  Servers: v.array(
    v.object({
      ServerId: v.string(),
      ServerIp: v.optional(v.string()),
      Port: integerLike,
      Status: v.string(),
    }),
  ),
  NextToken: v.optional(v.string()),
});

/** `AddServersToServerGroup` / `RemoveServersFromServerGroup`: `{"RequestId":"..","JobId":"72dcd26b-..."}`. */
export const AsyncJobResponse = v.object({ JobId: v.pipe(v.string(), v.nonEmpty()) });

/** `GetJobStatus`: `{"RequestId":"..","Status":"Succeeded"}`; documented values `Succeeded`, `processing`. */
export const JobStatusResponse = v.object({ Status: v.string() });

/**
 * One page of `GetListenerHealthStatus`, e.g. `{"RequestId":"..","ListenerHealthStatus":[{"ListenerId":
 * "lsn-bp1bpn0kn908w4nbw","ListenerPort":5432,"ListenerProtocol":"TCP","ServerGroupInfos":[{"ServerGroupId":
 * "sgp-ppdpc14gdm3x4o","HeathCheckEnabled":true,"NonNormalServers":[{"ServerId":"10.0.1.20","ServerIp":
 * "10.0.1.20","Port":5432,"Status":"Unhealthy","Reason":{"ReasonCode":"CONNECT_TIMEOUT"}}]}]}],
 * "NextToken":"..","MaxResults":20,"TotalCount":1}` (`HeathCheckEnabled` is the API's spelling).
 * Only servers that are not normal are listed. `ListenerHealthStatus` and `ServerGroupInfos` are
 * required: an error body without `Code` must not read as "every server healthy". A missing
 * `NonNormalServers` is taken as empty: the SDK models mark it optional.
 */
export const GetListenerHealthStatusResponse = v.object({
  ListenerHealthStatus: v.array(
    v.object({
      ServerGroupInfos: v.array(
        v.object({
          ServerGroupId: v.string(),
          NonNormalServers: v.optional(
            v.array(
              v.object({
                ServerId: v.string(),
                ServerIp: v.optional(v.string()),
                Port: integerLike,
                Status: v.string(),
              }),
            ),
            [],
          ),
        }),
      ),
    }),
  ),
  NextToken: v.optional(v.string()),
});

/** `GetListenerHealthStatus` as validated: the parts the pool reads. */
export type ListenerHealthPage = v.InferOutput<typeof GetListenerHealthStatusResponse>;

/** `true`/`false` as a JSON boolean or, as older answers send it, a string. */
const booleanLike = v.union([
  v.boolean(),
  v.pipe(
    v.picklist(['true', 'false']),
    v.transform((s) => s === 'true'),
  ),
]);

/**
 * `ListServerGroups` asked for one group (`ServerGroupIds.1`), e.g. `{"RequestId":"..","ServerGroups":
 * [{"ServerGroupId":"sgp-..","ServerGroupType":"Ip","ConnectionDrainEnabled":true,"ConnectionDrainTimeout":
 * 10,"ServerGroupStatus":"Available",...}],"TotalCount":1}` (API reference, NLB 2022-04-30
 * ListServerGroups). A group without drain configured may omit both: the adapter reads that as off.
 */
export const ListServerGroupsResponse = v.object({
  ServerGroups: v.array(
    v.object({
      ServerGroupId: v.string(),
      ConnectionDrainEnabled: v.optional(booleanLike),
      ConnectionDrainTimeout: v.optional(integerLike),
    }),
  ),
});
