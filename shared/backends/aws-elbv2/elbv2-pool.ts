import { scrubbedError } from '../../core/scrub';
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
import { backendKey } from '../../core/keys';
import type { Backend, BackendAddress } from '../../core/types';
import { PoolApiError } from '../errors';
import type { PoolStep } from '../errors';
import type { CallContext, Pool } from '../pool';
import { healthOfTargetState } from './health';

/** An ELBv2 target group of type `ip` as a `Pool`. */
export function createElbv2Pool(
  client: ElasticLoadBalancingV2Client,
  config: Elbv2PoolConfig,
): Pool<BackendAddress> {
  const id = `aws-elbv2 ${config.targetGroupArn.slice(config.targetGroupArn.indexOf('targetgroup/'))}`;
  const TargetGroupArn = config.targetGroupArn;
  const toTargets = (backends: readonly BackendAddress[], zone?: string): TargetDescription[] =>
    backends.map(({ ip, port }) => ({ Id: ip, Port: port, ...(zone ? { AvailabilityZone: zone } : {}) }));

  // The abort signal ends a call that would outlive the invocation; the client's own timeouts end the rest.
  async function call<T>(step: PoolStep, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      const { name, message } = error as Error;
      throw new PoolApiError(id, step, name, message, { cause: scrubbedError(error) });
    }
  }

  const options = (context: CallContext) => (context.abortSignal ? { abortSignal: context.abortSignal } : {});

  async function register(backends: readonly BackendAddress[], context: CallContext): Promise<void> {
    if (backends.length === 0) return;
    await call('register', () =>
      client.send(
        new RegisterTargetsCommand({ TargetGroupArn, Targets: toTargets(backends, config.availabilityZone) }),
        options(context),
      ),
    );
  }

  async function deregister(backends: readonly BackendAddress[], context: CallContext): Promise<void> {
    if (backends.length === 0) return;
    await call('deregister', () =>
      client.send(
        new DeregisterTargetsCommand({ TargetGroupArn, Targets: toTargets(backends) }),
        options(context),
      ),
    );
  }

  return {
    id,
    key: backendKey,
    async describe(context): Promise<Backend[]> {
      const { TargetHealthDescriptions = [] } = await call('describe', () =>
        client.send(new DescribeTargetHealthCommand({ TargetGroupArn }), options(context)),
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
    async apply(change, context) {
      if (change.kind === 'replace') {
        throw new PoolApiError(id, 'register', 'UnsupportedChange', 'a target group has no atomic swap');
      }
      if (change.kind === 'add') await register(change.add, context);
      else await deregister(change.remove, context);
    },
  };
}
