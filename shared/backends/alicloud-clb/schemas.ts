import * as v from 'valibot';
import { integerLike } from '../../alicloud/schemas';

/**
 * `DescribeVServerGroupAttribute`, e.g. `{"RequestId":"..","VServerGroupId":"rsp-..","VServerGroupName":"relays",
 * "BackendServers":{"BackendServer":[{"ServerId":"i-..","Port":3306,"Weight":100,"Type":"ecs"}]}}`.
 * `VServerGroupId` is what tells an answer from an error body without `Code`; an empty group may come
 * without `BackendServers`.
 */
export const VServerGroupAttributeResponse = v.object({
  VServerGroupId: v.string(),
  BackendServers: v.optional(
    v.object({
      BackendServer: v.optional(
        v.array(v.object({ ServerId: v.string(), Port: integerLike, Weight: v.optional(integerLike) })),
        [],
      ),
    }),
    { BackendServer: [] },
  ),
});

/**
 * `DescribeHealthStatus`, e.g. `{"RequestId":"..","BackendServers":{"BackendServer":[{"ListenerPort":3306,
 * "Port":3306,"Protocol":"TCP","ServerHealthStatus":"normal","ServerId":"i-..","ServerIp":"172.16.0.7"}]}}`.
 */
export const HealthStatusResponse = v.object({
  BackendServers: v.object({
    BackendServer: v.optional(
      v.array(v.object({ ServerId: v.string(), Port: integerLike, ServerHealthStatus: v.string() })),
      [],
    ),
  }),
});

/** `Add`/`Remove`/`ModifyVServerGroupBackendServers` all answer the group and its backends. */
export const VServerGroupChangeResponse = v.object({ VServerGroupId: v.string() });
