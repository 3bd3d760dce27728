import {
  DeregisterTargetsCommand,
  DescribeTargetHealthCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type {
  ElasticLoadBalancingV2Client,
  TargetDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Elbv2PoolConfig } from '../../core/binding';
import type { Backend, BackendAddress } from '../../core/types';
import { PoolApiError } from '../errors';
import type { PoolStep } from '../errors';
import type { Pool } from '../pool';
import { healthOfTargetState } from './health';

/** An ELBv2 target group of type `ip` as a `Pool`. */
export function createElbv2Pool(client: ElasticLoadBalancingV2Client, config: Elbv2PoolConfig): Pool {
  const id = `aws-elbv2 ${config.targetGroupArn.slice(config.targetGroupArn.indexOf('targetgroup/'))}`;
  const TargetGroupArn = config.targetGroupArn;
  const toTargets = (backends: readonly BackendAddress[], zone?: string): TargetDescription[] =>
    backends.map(({ ip, port }) => ({ Id: ip, Port: port, ...(zone ? { AvailabilityZone: zone } : {}) }));

  async function call<T>(step: PoolStep, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      const { name, message } = error as Error;
      throw new PoolApiError(id, step, name, message, { cause: error });
    }
  }

  return {
    id,
    port: config.port,
    async describe(): Promise<Backend[]> {
      const { TargetHealthDescriptions = [] } = await call('describe', () =>
        client.send(new DescribeTargetHealthCommand({ TargetGroupArn })),
      );
      return TargetHealthDescriptions.flatMap(({ Target, TargetHealth }) =>
        Target?.Id && Target.Port
          ? [
              {
                ip: Target.Id,
                port: Target.Port,
                health: healthOfTargetState(TargetHealth?.State),
                state: TargetHealth?.State ?? 'unknown',
              },
            ]
          : [],
      );
    },
    async register(backends) {
      if (backends.length === 0) return;
      await call('register', () =>
        client.send(
          new RegisterTargetsCommand({
            TargetGroupArn,
            Targets: toTargets(backends, config.availabilityZone),
          }),
        ),
      );
    },
    async deregister(backends) {
      if (backends.length === 0) return;
      await call('deregister', () =>
        client.send(new DeregisterTargetsCommand({ TargetGroupArn, Targets: toTargets(backends) })),
      );
    },
  };
}
