import {
  DeregisterTargetsCommand,
  DescribeTargetGroupsCommand,
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
import { DEFAULT_HEALTH_CHECK, nextHealthPollMs } from './health-schedule';
import type { HealthCheckTiming } from './health-schedule';

/**
 * The target group as a `Pool`, and what only a target group knows: when its health can change. Not part
 * of the `Pool` port: an engine that knows the adapter can ask, any other sees a plain pool.
 */
export interface Elbv2Pool extends Pool<BackendAddress> {
  /**
   * The group's health check, read once (`DescribeTargetGroups`) and kept; the TCP defaults when the
   * read fails (a missing permission must not fail a swap that can go on without it).
   */
  healthCheck(context: CallContext): Promise<HealthCheckTiming>;
  /** The delay before the next health poll of a target registered `sinceRegisterMs` ago. */
  healthPollMs(sinceRegisterMs: number, context: CallContext): Promise<number>;
}

/** An ELBv2 target group of type `ip` as a `Pool`. */
export function createElbv2Pool(client: ElasticLoadBalancingV2Client, config: Elbv2PoolConfig): Elbv2Pool {
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
      throw new PoolApiError(id, step, name, message, { cause: error });
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

  let healthCheck: Promise<HealthCheckTiming> | undefined;
  const readHealthCheck = (context: CallContext): Promise<HealthCheckTiming> => {
    healthCheck ??= client
      .send(new DescribeTargetGroupsCommand({ TargetGroupArns: [TargetGroupArn] }), options(context))
      .then(({ TargetGroups = [] }) => {
        const group = TargetGroups[0];
        const intervalSeconds = group?.HealthCheckIntervalSeconds;
        const healthyThreshold = group?.HealthyThresholdCount;
        return intervalSeconds && healthyThreshold
          ? { intervalSeconds, healthyThreshold }
          : DEFAULT_HEALTH_CHECK;
      })
      .catch(() => DEFAULT_HEALTH_CHECK);
    return healthCheck;
  };

  return {
    id,
    key: backendKey,
    healthCheck: readHealthCheck,
    async healthPollMs(sinceRegisterMs, context) {
      return nextHealthPollMs(await readHealthCheck(context), sinceRegisterMs);
    },
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
