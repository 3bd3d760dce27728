import { scrubbedError } from '../../core/scrub';
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
import type { Elbv2PoolConfig } from '../../core/config-types';
import { backendKey } from '../../core/keys';
import type { Backend, BackendAddress } from '../../core/types';
import { PoolApiError } from '../errors';
import type { PoolStep } from '../errors';
import type { CallContext, Pool } from '../pool';
import { elbv2Drain } from './drain';
import { healthOfTargetState } from './health';
import { DEFAULT_HEALTH_CHECK, nextHealthPollMs } from './health-schedule';
import type { HealthCheckTiming } from './health-schedule';

/**
 * A target as DescribeTargetHealth reports it: `zone` is `Target.AvailabilityZone`, the zone AWS
 * detected for an IP in one of the group's subnets, or the one given at registration (`all`, or a zone)
 * for an IP outside the VPC.
 */
export interface Elbv2Target extends BackendAddress {
  readonly zone?: string;
}

/**
 * An ELBv2 target group of type `ip` as a `Pool`.
 *
 * A target outside the group's VPC (an RDS in a peered VPC, registered with `availabilityZone: all`)
 * must name its zone on DeregisterTargets as on RegisterTargets, or AWS refuses the call with
 * `ValidationError: You must specify a valid Availability Zone or select 'all' ... is outside the VPC`
 * (kubernetes-sigs/aws-load-balancer-controller#3084, aws-samples/hostname-as-target-for-elastic-load-balancer#6;
 * SDK model doc of `TargetDescription.AvailabilityZone`). An IP inside the VPC must not be given another
 * zone than the detected one (`... is within the VPC, and cannot have its Availability Zone overridden
 * to 'all'`, aws-load-balancer-controller#561). So a removal sends back exactly the zone the describe
 * reported for that target: right for both.
 *
 * The health polls follow the group's own health check (`healthPollSchedule`), read once per adapter,
 * that is once per binding and invocation (the runtime builds a new adapter for each).
 */
export function createElbv2Pool(
  client: ElasticLoadBalancingV2Client,
  config: Elbv2PoolConfig,
): Pool<BackendAddress> {
  const id = `aws-elbv2 ${config.targetGroupArn.slice(config.targetGroupArn.indexOf('targetgroup/'))}`;
  const TargetGroupArn = config.targetGroupArn;
  const toTarget = (ip: string, port: number, zone: string | undefined): TargetDescription => ({
    Id: ip,
    Port: port,
    ...(zone ? { AvailabilityZone: zone } : {}),
  });
  /**
   * The zone of each target by key, from the latest describe. The engine re-reads the pool just before
   * every removal, so this is as fresh as the member it is asked to remove, also when the member reaches
   * `apply` without its `zone` (a planner that rebuilt it from the key).
   */
  const describedZones = new Map<string, string>();
  const zoneToRemove = (member: BackendAddress): string | undefined =>
    zoneOf(member) ?? describedZones.get(backendKey(member)) ?? config.availabilityZone;

  // The abort signal ends a call that would outlive the invocation; the client's own timeouts end the rest.
  async function call<T>(step: PoolStep, context: CallContext, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (context.abortSignal?.aborted) {
        const message = "abandoned at the invocation's deadline, to leave time to alert and report";
        throw new PoolApiError(id, step, 'DeadlineExceeded', message, { cause: error });
      }
      const { name, message } = error as Error;
      throw new PoolApiError(id, step, name, message, { cause: scrubbedError(error) });
    }
  }

  const options = (context: CallContext) => (context.abortSignal ? { abortSignal: context.abortSignal } : {});

  // Once per adapter, and never failing: a missing elasticloadbalancing:DescribeTargetGroups permission
  // must not fail a swap that can go on polling at the binding's pace.
  let healthCheck: Promise<HealthCheckTiming> | undefined;
  const readHealthCheck = (context: CallContext): Promise<HealthCheckTiming> => {
    healthCheck ??= (async () => {
      const { TargetGroups = [] } = await client.send(
        new DescribeTargetGroupsCommand({ TargetGroupArns: [TargetGroupArn] }),
        options(context),
      );
      const intervalSeconds = TargetGroups[0]?.HealthCheckIntervalSeconds;
      const healthyThreshold = TargetGroups[0]?.HealthyThresholdCount;
      return intervalSeconds && healthyThreshold
        ? { intervalSeconds, healthyThreshold }
        : DEFAULT_HEALTH_CHECK;
    })().catch(() => DEFAULT_HEALTH_CHECK);
    return healthCheck;
  };

  async function register(backends: readonly BackendAddress[], context: CallContext): Promise<void> {
    if (backends.length === 0) return;
    // A health wait follows an add, and needs the health check: read it beside the register, so that
    // the wait does not start with a round trip of its own.
    void readHealthCheck(context);
    await call('register', context, () =>
      client.send(
        new RegisterTargetsCommand({
          TargetGroupArn,
          Targets: backends.map(({ ip, port }) => toTarget(ip, port, config.availabilityZone)),
        }),
        options(context),
      ),
    );
  }

  async function deregister(backends: readonly BackendAddress[], context: CallContext): Promise<void> {
    if (backends.length === 0) return;
    await call('deregister', context, () =>
      client.send(
        new DeregisterTargetsCommand({
          TargetGroupArn,
          Targets: backends.map((member) => toTarget(member.ip, member.port, zoneToRemove(member))),
        }),
        options(context),
      ),
    );
  }

  return {
    id,
    key: backendKey,
    drain: elbv2Drain(client, TargetGroupArn, (context, send) => call('settings', context, send)),
    async healthPollSchedule(context) {
      const timing = await readHealthCheck(context);
      return (sinceAddedMs) => nextHealthPollMs(timing, sinceAddedMs);
    },
    async describe(context): Promise<(Backend & Elbv2Target)[]> {
      const { TargetHealthDescriptions = [] } = await call('describe', context, () =>
        client.send(new DescribeTargetHealthCommand({ TargetGroupArn }), options(context)),
      );
      describedZones.clear();
      return TargetHealthDescriptions.flatMap(({ Target, TargetHealth }) => {
        if (!Target?.Id || !Target.Port) return [];
        // Only a describe that names its targets gets these rows (aws/aws-sdk-js#1593); whatever asks,
        // a target that is not registered is not in the pool.
        if (TargetHealth?.Reason === 'Target.NotRegistered') return [];
        const zone = Target.AvailabilityZone;
        const member = { ip: Target.Id, port: Target.Port };
        if (zone) describedZones.set(backendKey(member), zone);
        return [
          {
            ...member,
            ...(zone ? { zone } : {}),
            health: healthOfTargetState(TargetHealth?.State),
            state: TargetHealth?.State ?? 'unknown',
          },
        ];
      });
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

/** The zone a described member carries, if it came from `describe`. */
function zoneOf(member: BackendAddress): string | undefined {
  const zone: unknown = (member as Elbv2Target).zone;
  return typeof zone === 'string' && zone !== '' ? zone : undefined;
}
