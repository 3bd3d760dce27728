import type { Binding, PoolConfig } from '../core/config-types';

/** What identifies a pool in the cloud, the field a problem points at, and what to call it. */
interface PoolIdentity {
  readonly key: string;
  readonly field: string;
  readonly noun: string;
}

/** Where a pool was first seen. */
interface Owner {
  readonly binding: Pick<Binding, 'name' | 'endpoint'>;
  readonly bindingIndex: number;
  readonly poolIndex: number;
  readonly port: number | undefined;
}

/**
 * One problem per pool that a binding lists when an earlier binding, or an earlier entry of its own
 * `pools`, already lists it. Each pool entry is reconciled as if it alone owned the pool, so two
 * entries on one pool fight:
 *
 * 1. binding `orders-writer` registers the writer's IP and removes everything else;
 * 2. binding `orders-instance` (the instance endpoint, or the same name on another port) registers
 *    its own target and removes the writer's;
 * 3. the next run of `orders-writer` puts the writer back and removes the other: the pool flips on
 *    every run, or empties when the two removals cross.
 *
 * A pool is its target group ARN on AWS (whatever `port` each entry registers on: a group may hold
 * one IP on two ports, but then one binding must own both), and region plus group id on Alibaba Cloud.
 *
 * Two bindings with the same endpoint and port on one pool do not fight: they are one binding written
 * twice. They are refused all the same rather than merged: the copies differ in name, and may differ in
 * sources, policy, allowed CIDRs and alerts, and a merge would have to pick one of each and silently
 * drop what the author wrote in the other. Such a file is a copy-paste or a half-done rename, and its
 * author knows which copy to keep.
 */
export function sharedPoolProblems(
  bindings: readonly Pick<Binding, 'name' | 'endpoint' | 'pools'>[],
): string[] {
  const owners = new Map<string, Owner>();
  const problems: string[] = [];
  bindings.forEach((binding, bindingIndex) => {
    binding.pools.forEach((pool, poolIndex) => {
      const identity = identityOf(pool);
      const owner = owners.get(identity.key);
      if (owner === undefined) {
        owners.set(identity.key, { binding, bindingIndex, poolIndex, port: portOf(pool) });
        return;
      }
      const where = `binding '${binding.name}': pools[${poolIndex}].${identity.field}`;
      problems.push(`${where}: ${conflict(identity.noun, owner, binding, bindingIndex, portOf(pool))}`);
    });
  });
  return problems;
}

function conflict(
  noun: string,
  owner: Owner,
  binding: Pick<Binding, 'name' | 'endpoint'>,
  bindingIndex: number,
  port: number | undefined,
): string {
  if (owner.bindingIndex === bindingIndex) {
    return `the same ${noun} as pools[${owner.poolIndex}]: list each pool once`;
  }
  const other = `binding '${owner.binding.name}' pools[${owner.poolIndex}]`;
  const sameEndpoint =
    owner.binding.endpoint.host.toLowerCase() === binding.endpoint.host.toLowerCase() &&
    owner.binding.endpoint.port === binding.endpoint.port &&
    owner.port === port;
  return sameEndpoint
    ? `the same ${noun} as ${other}, for the same endpoint and port: one binding written twice, keep one`
    : `the same ${noun} as ${other}: two bindings on one pool remove each other's backends`;
}

function identityOf(pool: PoolConfig): PoolIdentity {
  switch (pool.kind) {
    case 'aws-elbv2':
      return {
        key: `aws-elbv2 ${pool.targetGroupArn}`,
        field: 'aws-elbv2.targetGroupArn',
        noun: 'target group',
      };
    case 'aws-route53-record':
      return {
        key: `aws-route53-record ${pool.hostedZoneId} ${pool.recordName}`,
        field: 'aws-route53-record.recordName',
        noun: 'Route 53 record',
      };
    case 'alicloud-nlb':
      return {
        key: `alicloud-nlb ${pool.region}/${pool.serverGroupId}`,
        field: 'alicloud-nlb.serverGroupId',
        noun: 'NLB server group',
      };
    case 'alicloud-clb':
      return {
        key: `alicloud-clb ${pool.region}/${pool.vServerGroupId}`,
        field: 'alicloud-clb.vServerGroupId',
        noun: 'CLB VServer group',
      };
  }
}

/** A record has no port: two bindings writing one record fight whatever their ports. */
function portOf(pool: PoolConfig): number | undefined {
  return pool.kind === 'aws-route53-record' ? undefined : pool.port;
}
