import { chunks } from '../../alicloud/chunks';
import type { AlicloudRpc } from '../../alicloud/rpc';
import { toPoolApiError } from '../../alicloud/to-pool-error';
import type { AlicloudClbPoolConfig } from '../../core/binding';
import type { RelayHealth, RelayMember } from '../../core/relay-plan';
import { PoolApiError } from '../errors';
import type { PoolStep } from '../errors';
import type { RelayGroup } from '../relay-group';
import { relayHealthOf, worseHealth } from './health';
import { HealthStatusResponse, VServerGroupAttributeResponse, VServerGroupChangeResponse } from './schemas';

/** Backends per `Add`/`Remove`/`ModifyVServerGroupBackendServers` call, the API's maximum. */
export const CLB_MAX_BACKENDS_PER_CALL = 20;

/** A CLB VServer group of ECS relays (SLB API 2014-05-15) as a `RelayGroup`. */
export function createClbRelayGroup(rpc: AlicloudRpc, config: AlicloudClbPoolConfig): RelayGroup {
  const id = `alicloud-clb ${config.region}/${config.loadBalancerId}/${config.vServerGroupId}`;
  const group = { RegionId: config.region, VServerGroupId: config.vServerGroupId };

  async function guard(step: PoolStep, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      throw toPoolApiError(id, step, error);
    }
  }

  async function change(action: string, params: Readonly<Record<string, string>>): Promise<void> {
    await rpc.call(action, { ...group, ...params }, VServerGroupChangeResponse);
  }

  async function describe(): Promise<RelayMember[]> {
    const [attribute, health] = await Promise.all([
      rpc.call('DescribeVServerGroupAttribute', group, VServerGroupAttributeResponse),
      rpc.call(
        'DescribeHealthStatus',
        { RegionId: config.region, LoadBalancerId: config.loadBalancerId, ListenerPort: config.listenerPort },
        HealthStatusResponse,
      ),
    ]);
    const healthByKey = new Map<string, RelayHealth>();
    for (const row of health.BackendServers.BackendServer) {
      const key = memberKey(row.ServerId, row.Port);
      const reported = relayHealthOf(row.ServerHealthStatus);
      healthByKey.set(key, worseHealth(healthByKey.get(key) ?? 'unknown', reported));
    }
    return attribute.BackendServers.BackendServer.map((server) => ({
      serverId: server.ServerId,
      port: server.Port,
      weight: server.Weight ?? config.weight,
      health: healthByKey.get(memberKey(server.ServerId, server.Port)) ?? 'unknown',
    }));
  }

  return {
    id,
    async describe() {
      try {
        return await describe();
      } catch (error) {
        throw toPoolApiError(id, 'describe', error);
      }
    },
    add: (members) =>
      guard('register', async () => {
        for (const batch of chunks(members, CLB_MAX_BACKENDS_PER_CALL)) {
          await change('AddVServerGroupBackendServers', { BackendServers: backendServersJson(batch) });
        }
      }),
    remove: (members) =>
      guard('deregister', async () => {
        for (const batch of chunks(members, CLB_MAX_BACKENDS_PER_CALL)) {
          await change('RemoveVServerGroupBackendServers', { BackendServers: backendServersJson(batch) });
        }
      }),
    // `PoolStep` has no `replace`: a swap is reported as `register`, its purpose being to put the
    // new relays in. The message names ModifyVServerGroupBackendServers.
    replace: (remove, add) =>
      guard('register', async () => {
        if (remove.length !== add.length) {
          throw new PoolApiError(
            id,
            'register',
            'UnequalReplace',
            `ModifyVServerGroupBackendServers swaps one backend for one: ${remove.length} old, ${add.length} new`,
          );
        }
        const oldBatches = chunks(remove, CLB_MAX_BACKENDS_PER_CALL);
        const newBatches = chunks(add, CLB_MAX_BACKENDS_PER_CALL);
        for (const [index, oldBatch] of oldBatches.entries()) {
          await change('ModifyVServerGroupBackendServers', {
            OldBackendServers: backendServersJson(oldBatch),
            NewBackendServers: backendServersJson(newBatches[index] ?? []),
          });
        }
      }),
  };
}

const memberKey = (serverId: string, port: number): string => `${serverId}:${port}`;

/**
 * CLB takes its backend lists as a JSON string, not as `BackendServers.N.*` parameters:
 * `[{"ServerId":"i-..","Port":3306,"Weight":100,"Type":"ecs"}]`.
 */
export function backendServersJson(members: readonly RelayMember[]): string {
  return JSON.stringify(
    members.map(({ serverId, port, weight }) => ({
      ServerId: serverId,
      Port: port,
      Weight: weight,
      Type: 'ecs',
    })),
  );
}
