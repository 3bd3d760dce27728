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
