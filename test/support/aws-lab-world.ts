import { LAB_CONSISTENCY_MS } from '../../lab/consistency';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../../shared/log/logger';
import type { LogRecord } from '../../shared/log/logger';
import { createAwsRuntime } from '../../shared/platform/aws';
import type { AwsRuntime } from '../../shared/platform/aws';
import { handleAwsInvocation } from '../../shared/platform/aws-handler';
import type { Trigger } from '../../shared/events/types';
import { startAwsLab } from '../../lab/aws-lab';
import type { AwsLab } from '../../lab/aws-lab';
import { labConfig } from '../../lab/aws-bindings';
import type { VpcSpec } from '../../lab/aws/elbv2-vpc';

export const PRIMARY_IP = '10.20.1.10';
export const STANDBY_IP = '10.20.2.20';

/** Short waits so the lab suite stays fast; the loop's logic is the same at any speed. */
const fastPolicy = (settleSeconds: number) => `      settleSeconds: ${settleSeconds}
      settlePollMs: 100
      healthPollMs: 50
      healthTimeoutSeconds: 5`;

export interface LabWorld {
  readonly lab: AwsLab;
  readonly runtime: AwsRuntime;
  readonly targetGroupArn: string;
  readonly endpoint: string;
  readonly logLines: string[];
  readonly records: LogRecord[];
  /**
   * Invokes the handler as Lambda would, with a sample payload from events/ and `remainingMs` (60 s by
   * default) as what `getRemainingTimeInMillis` says.
   */
  invoke(
    eventFile: string,
    accepts: Trigger['kind'][],
    remainingMs?: number,
  ): ReturnType<typeof handleAwsInvocation>;
  /** `ip:port state` for every target, sorted. */
  targets(): string[];
  close(): Promise<void>;
}

/**
 * One binding in the lab, registered to the primary and resolving to it. `name` and `source` pick
 * which sample event concerns it: `orders` (cluster) or `inventory` (instance).
 */
export async function labWorld(
  options: {
    name?: 'orders' | 'inventory';
    healthyAfterMs?: number;
    settleSeconds?: number;
    policy?: string;
    allowedCidrs?: string;
    /** The target group's VPC; the lab's default holds all of 10.0.0.0/8. */
    vpc?: VpcSpec;
    /** The binding's `availabilityZone`; with it, the primary is seeded in that zone too. */
    availabilityZone?: string;
    /** The zone the primary was registered with, when it differs from the binding's. */
    primaryZone?: string;
    /** The binding's `onSwap`, a YAML flow mapping. */
    onSwap?: string;
    /** Target group attributes besides the defaults (the delay is `drainMs`, 60 s, unless given here). */
    attributes?: Record<string, string>;
    /** The binding's `probe` (YAML), given the started lab: e.g. naming a secret created in it. */
    probe?: (lab: AwsLab) => string;
  } = {},
): Promise<LabWorld> {
  const name = options.name ?? 'orders';
  const lab = await startAwsLab();
  const targetGroupArn = lab.elbv2.createTargetGroup({
    name,
    port: 5432,
    healthyAfterMs: options.healthyAfterMs ?? 200,
    ...(options.attributes?.['deregistration_delay.timeout_seconds'] ? {} : { drainMs: 60_000 }),
    ...(options.attributes ? { attributes: options.attributes } : {}),
    ...(options.vpc ? { vpc: options.vpc } : {}),
  });
  const topicArn = lab.sns.createTopic('db-failover');
  const endpoint = `${name}.cluster-c9lab0000001.us-east-1.rds.amazonaws.com`;
  lab.elbv2.seedTarget(targetGroupArn, {
    id: PRIMARY_IP,
    port: 5432,
    state: 'healthy',
    ...((options.primaryZone ?? options.availabilityZone)
      ? { availabilityZone: options.primaryZone ?? options.availabilityZone }
      : {}),
  });
  lab.dns.setA(endpoint, [PRIMARY_IP]);
  const config = labConfig(lab.dns.address, [
    {
      name,
      endpoint,
      source: name === 'orders' ? 'cluster' : 'instance',
      targetGroupArn,
      topicArn,
      policy: `${fastPolicy(options.settleSeconds ?? 6)}\n${options.policy ?? ''}`,
      ...(options.allowedCidrs ? { allowedCidrs: options.allowedCidrs } : {}),
      ...(options.availabilityZone ? { availabilityZone: options.availabilityZone } : {}),
      ...(options.onSwap ? { onSwap: options.onSwap } : {}),
      ...(options.probe ? { probe: options.probe(lab) } : {}),
    },
  ]);
  const logLines: string[] = [];
  const records: LogRecord[] = [];
  const runtime = createAwsRuntime(config, {
    consistencyMs: LAB_CONSISTENCY_MS,
    log: createLogger({ write: (line) => logLines.push(line), observe: (r) => records.push(r) }),
  });
  return {
    lab,
    runtime,
    targetGroupArn,
    endpoint,
    logLines,
    records,
    invoke: (eventFile, accepts, remainingMs = 60_000) => {
      const event: unknown = JSON.parse(
        readFileSync(join(__dirname, '..', '..', 'events', eventFile), 'utf8'),
      );
      return handleAwsInvocation(event, { getRemainingTimeInMillis: () => remainingMs }, runtime, accepts);
    },
    targets: () =>
      lab.elbv2
        .targets(targetGroupArn)
        .map((t) => `${t.id}:${t.port} ${t.state}`)
        .sort(),
    close: () => lab.close(),
  };
}
