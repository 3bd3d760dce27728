import { chunks } from '../../alicloud/chunks';
import type { AlicloudRpc } from '../../alicloud/rpc';
import { toPoolApiError } from '../to-pool-error';
import type { AlicloudClbPoolConfig } from '../../core/config-types';
import { relayKey } from '../../core/keys';
import type { RelayAddress, RelayMember } from '../../core/relay-plan';
import { PoolApiError } from '../errors';
import type { PoolStep } from '../errors';
import type { Pool } from '../pool';
import { clbHealthStatusOf, healthOfClbStatus, worseStatus } from './health';
import type { ClbHealthStatus } from './health';
import { HealthStatusResponse, VServerGroupAttributeResponse, VServerGroupChangeResponse } from './schemas';

/** Backends per `Add`/`Remove`/`ModifyVServerGroupBackendServers` call, the API's maximum. */
export const CLB_MAX_BACKENDS_PER_CALL = 20;

/**
 * A CLB VServer group of ECS relays (SLB API 2014-05-15) as a `Pool` of relays. Unlike an IP pool it can
 * swap members in one call, which is how a failing relay is replaced without the group shrinking.
 */
export function createClbRelayGroup(rpc: AlicloudRpc, config: AlicloudClbPoolConfig): Pool<RelayAddress> {
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
    const statusByKey = new Map<string, ClbHealthStatus>();
    for (const row of health.BackendServers.BackendServer) {
      const key = relayKey({ serverId: row.ServerId, port: row.Port });
      const reported = clbHealthStatusOf(row.ServerHealthStatus);
      statusByKey.set(key, worseStatus(statusByKey.get(key) ?? 'unknown', reported));
    }
    return attribute.BackendServers.BackendServer.map((server) => {
      const status = statusByKey.get(relayKey({ serverId: server.ServerId, port: server.Port })) ?? 'unknown';
      return {
        serverId: server.ServerId,
        port: server.Port,
        weight: server.Weight ?? config.weight,
        health: healthOfClbStatus(status),
        state: status,
      };
    });
  }

  const add = (members: readonly RelayAddress[]) =>
    guard('register', async () => {
      for (const batch of chunks(members, CLB_MAX_BACKENDS_PER_CALL)) {
        await change('AddVServerGroupBackendServers', { BackendServers: backendServersJson(batch) });
      }
    });
  const remove = (members: readonly RelayAddress[]) =>
    guard('deregister', async () => {
      for (const batch of chunks(members, CLB_MAX_BACKENDS_PER_CALL)) {
        await change('RemoveVServerGroupBackendServers', { BackendServers: backendServersJson(batch) });
      }
    });
  // `PoolStep` has no `replace`: a swap is reported as `register`, its purpose being to put the new
  // relays in. The message names ModifyVServerGroupBackendServers.
  const replace = (removed: readonly RelayAddress[], added: readonly RelayAddress[]) =>
    guard('register', async () => {
      if (removed.length !== added.length) {
        throw new PoolApiError(
          id,
          'register',
          'UnequalReplace',
          `ModifyVServerGroupBackendServers swaps one backend for one: ${removed.length} old, ${added.length} new`,
        );
      }
      const oldBatches = chunks(removed, CLB_MAX_BACKENDS_PER_CALL);
      const newBatches = chunks(added, CLB_MAX_BACKENDS_PER_CALL);
      for (const [index, oldBatch] of oldBatches.entries()) {
        await change('ModifyVServerGroupBackendServers', {
          OldBackendServers: backendServersJson(oldBatch),
          NewBackendServers: backendServersJson(newBatches[index] ?? []),
        });
      }
    });

  return {
    id,
    key: relayKey,
    async describe(): Promise<RelayMember[]> {
      try {
        return await describe();
      } catch (error) {
        throw toPoolApiError(id, 'describe', error);
      }
    },
    async apply(change) {
      switch (change.kind) {
        case 'add':
          return add(change.add);
        case 'remove':
          return remove(change.remove);
        case 'replace':
          return replace(change.remove, change.add);
      }
    },
  };
}

/**
 * CLB takes its backend lists as a JSON string, not as `BackendServers.N.*` parameters:
 * `[{"ServerId":"i-..","Port":3306,"Weight":100,"Type":"ecs"}]`.
 */
export function backendServersJson(members: readonly RelayAddress[]): string {
  return JSON.stringify(
    members.map(({ serverId, port, weight }) => ({
      ServerId: serverId,
      Port: port,
      Weight: weight,
      Type: 'ecs',
    })),
  );
}
