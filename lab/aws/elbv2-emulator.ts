import {
  NOT_REGISTERED,
  targetHealth,
  TargetState,
  type HealthTimings,
  type TargetHealth,
  type TargetRecord,
} from './elbv2-health';
import { decodeTargets, requireTargets, validation, type TargetDescription } from './elbv2-targets';
import { fullBucket, tryTake } from '../../shared/core/token-bucket';
import type { TokenBucketSpec, TokenBucketState } from '../../shared/core/token-bucket';
import { LAB_DEFAULT_VPC, zoneForTarget, type VpcSpec } from './elbv2-vpc';
import { FaultInjector } from './faults';
import { decodeAttributeChanges, ELBV2_TCP_DEFAULTS, renderAttributes } from './elbv2-attributes';
import { LabConnections, type ConnectionView } from '../lb-connections';
import { QueryError, xmlElement, xmlText } from './query-protocol';
import type { EmulatorOptions, QueryCall, QueryService } from './types';

/** What `createTargetGroup` needs; the timings default to 0 (healthy and gone at once). */
export interface TargetGroupSpec {
  /** Defaults to `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/<name>/<16 hex>`. */
  arn?: string;
  name: string;
  /** The port of targets registered without one. */
  port: number;
  healthyAfterMs?: number;
  drainMs?: number;
  /** The group's VPC; defaults to `LAB_DEFAULT_VPC` (10.0.0.0/8 in two zones). */
  vpc?: VpcSpec;
  /** What DescribeTargetGroups reports; the TCP defaults (30 s, 5) when absent. */
  healthCheck?: { intervalSeconds: number; healthyThreshold: number };
  /**
   * Target group attributes other than AWS's defaults (`ELBV2_TCP_DEFAULTS`). The deregistration delay
   * is `drainMs` when that is given (the lab compresses time); setting the delay later sets `drainMs`.
   */
  attributes?: Readonly<Record<string, string>>;
}

/** A target as `targets()` reports it. */
export interface TargetView extends TargetHealth {
  id: string;
  port: number;
  availabilityZone?: string;
}

/** What `seedTarget` puts in place. */
export interface SeededTarget {
  id: string;
  port: number;
  state: TargetState;
  availabilityZone?: string;
}

/** Options of the ELBv2 emulator. */
export interface Elbv2EmulatorOptions extends EmulatorOptions {
  /** IPs whose targets never pass health checks, e.g. a database that is down. */
  unhealthyIps?: Iterable<string>;
  /**
   * The account's token buckets, as AWS throttles ELBv2 (`ELBV2_THROTTLE` has the documented figures):
   * a call that finds its bucket empty is answered 400 `Throttling`. None by default.
   */
  throttle?: Partial<Record<Elbv2ThrottleFamily, TokenBucketSpec>>;
}

/** ELBv2's buckets: Describe* actions share one, registration actions another. */
export type Elbv2ThrottleFamily = 'describe' | 'register';

/**
 * Describe* 40 tokens and 10 a second (https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/
 * elb-api-throttling.html); registration as `API_BUDGETS['elbv2:register']`, which is unverified.
 */
export const ELBV2_THROTTLE = {
  describe: { capacity: 40, refillPerSecond: 10 },
  register: { capacity: 20, refillPerSecond: 4 },
} as const satisfies Record<Elbv2ThrottleFamily, TokenBucketSpec>;

interface TargetGroup extends HealthTimings {
  arn: string;
  name: string;
  port: number;
  vpc: VpcSpec;
  healthCheck: { intervalSeconds: number; healthyThreshold: number };
  /** Keyed by `id:port`, the pair AWS identifies a target by. */
  targets: Map<string, TargetRecord>;
  attributes: Map<string, string>;
  connections: LabConnections;
}

const XML_NAMESPACE = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';

/**
 * A stateful Elastic Load Balancing v2 emulator for IP target groups: DescribeTargetHealth,
 * RegisterTargets and DeregisterTargets, with health that moves on the injected clock.
 */
export class Elbv2Emulator implements QueryService {
  readonly xmlNamespace = XML_NAMESPACE;
  readonly version = '2015-12-01';
  readonly faults: FaultInjector;
  readonly calls: QueryCall[] = [];
  /** Live: adding an IP turns its healthy targets unhealthy on the next read. */
  readonly unhealthyIps: Set<string>;
  readonly now: () => number;
  /** Calls refused by the token buckets, per action. */
  readonly throttled = new Map<string, number>();
  private readonly groups = new Map<string, TargetGroup>();
  private groupsCreated = 0;
  private readonly throttle: Partial<Record<Elbv2ThrottleFamily, TokenBucketSpec>>;
  private readonly buckets = new Map<Elbv2ThrottleFamily, TokenBucketState>();

  constructor(options: Elbv2EmulatorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.faults = options.faults ?? new FaultInjector();
    this.unhealthyIps = new Set(options.unhealthyIps);
    this.throttle = options.throttle ?? {};
  }

  /**
   * Takes the call's token, or refuses the call as ELBv2 does: HTTP 400, `<Code>Throttling</Code>`,
   * "Rate exceeded" (the Query protocol's spelling; the docs name it `ThrottlingException`).
   */
  private admit(action: string): void {
    const family: Elbv2ThrottleFamily | undefined = action.startsWith('Describe')
      ? 'describe'
      : action === 'RegisterTargets' || action === 'DeregisterTargets'
        ? 'register'
        : undefined;
    const spec = family === undefined ? undefined : this.throttle[family];
    if (family === undefined || spec === undefined) return;
    const now = this.now();
    const taken = tryTake(spec, this.buckets.get(family) ?? fullBucket(spec, now), now);
    this.buckets.set(family, taken.state);
    if (!taken.taken) {
      this.throttled.set(action, (this.throttled.get(action) ?? 0) + 1);
      throw new QueryError('Throttling', 'Rate exceeded', 400);
    }
  }

  /** Creates a target group (not a wire action) and returns its ARN. */
  createTargetGroup(spec: TargetGroupSpec): string {
    this.groupsCreated += 1;
    const suffix = this.groupsCreated.toString(16).padStart(16, '0');
    const arn =
      spec.arn ?? `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${spec.name}/${suffix}`;
    if (this.groups.has(arn)) throw new Error(`target group ${arn} already exists`);
    // The lab's default is a delay of 0 (gone at once), unlike AWS's 300 s: tests name the delay they need.
    const seededDelay = spec.attributes?.[DELAY_KEY];
    const drainMs = spec.drainMs ?? (seededDelay === undefined ? 0 : Number(seededDelay) * 1000);
    const attributes = new Map(Object.entries({ ...ELBV2_TCP_DEFAULTS, ...spec.attributes }));
    attributes.set(DELAY_KEY, String(Math.round(drainMs / 1000)));
    this.groups.set(arn, {
      attributes,
      connections: new LabConnections(),
      arn,
      name: spec.name,
      port: spec.port,
      vpc: spec.vpc ?? LAB_DEFAULT_VPC,
      healthyAfterMs: spec.healthyAfterMs ?? 0,
      drainMs,
      healthCheck: spec.healthCheck ?? { intervalSeconds: 30, healthyThreshold: 5 },
      targets: new Map(),
    });
    return arn;
  }

  /** The group's targets and their health now, in registration order. */
  targets(arn: string): TargetView[] {
    const group = this.group(arn);
    return [...group.targets.values()].flatMap((target) => {
      const health = this.currentHealth(group, target);
      return health === undefined ? [] : [{ ...describe(target), ...health }];
    });
  }

  /**
   * Puts a target in `state` directly; it stays there until a wire action changes it. The zone follows
   * the same rules as RegisterTargets: a target outside the VPC must be seeded with one.
   */
  seedTarget(arn: string, seed: SeededTarget): void {
    const { id, port, state } = seed;
    const group = this.group(arn);
    const availabilityZone = zoneForTarget(id, seed.availabilityZone, group.vpc);
    group.targets.set(key({ id, port }), {
      id,
      port,
      availabilityZone,
      registeredAt: this.now(),
      pinned: state,
    });
  }

  /**
   * A client connects through the load balancer: the connection lands on the first healthy target and
   * stays there (see `LabConnection`). Throws when no target is healthy.
   */
  openConnection(arn: string): string {
    const group = this.group(arn);
    const target = [...group.targets.values()].find(
      (t) => this.currentHealth(group, t)?.state === TargetState.Healthy,
    );
    if (target === undefined) throw new Error(`no healthy target in ${arn} to connect to`);
    return group.connections.open(key(target), this.now());
  }

  /** The group's client connections, open and closed, as of now. */
  connections(arn: string): ConnectionView[] {
    return this.group(arn).connections.viewsAt(this.now());
  }

  /** The target group's attributes as DescribeTargetGroupAttributes reports them. */
  attributes(arn: string): Record<string, string> {
    return Object.fromEntries(this.group(arn).attributes);
  }

  dispatch(action: string, params: URLSearchParams): string {
    this.admit(action);
    switch (action) {
      case 'DescribeTargetGroupAttributes':
        return renderAttributes(this.groupFrom(params).attributes);
      case 'ModifyTargetGroupAttributes':
        return this.modifyAttributes(params);
      case 'DescribeTargetHealth':
        return this.describeTargetHealth(params);
      case 'DescribeTargetGroups':
        return this.describeTargetGroups(params);
      case 'RegisterTargets':
        return this.registerTargets(params);
      case 'DeregisterTargets':
        return this.deregisterTargets(params);
      default:
        throw new QueryError(
          'InvalidAction',
          `Could not find operation ${action} for version ${this.version}`,
        );
    }
  }

  private describeTargetHealth(params: URLSearchParams): string {
    const group = this.groupFrom(params);
    const asked = decodeTargets(params, group.port);
    const records = asked === undefined ? [...group.targets.values()] : asked;
    const rows = records.flatMap((target): [TargetDescription, TargetHealth][] => {
      const record = group.targets.get(key(target));
      const health = record && this.currentHealth(group, record);
      if (record !== undefined && health !== undefined) return [[describe(record), health]];
      // Asked for by name, an absent target still gets a row; listing everything skips drained ones.
      return asked === undefined ? [] : [[target, NOT_REGISTERED]];
    });
    return xmlElement(
      'TargetHealthDescriptions',
      rows.map(([target, health]) => renderRow(target, health)).join(''),
    );
  }

  /** By `TargetGroupArns.member.N` only: the fields the functions read, the rest of the shape aside. */
  private describeTargetGroups(params: URLSearchParams): string {
    const arns = [...params.entries()].filter(([name]) => name.startsWith('TargetGroupArns.member.'));
    const groups = arns.map(([, arn]) => this.group(arn));
    return xmlElement(
      'TargetGroups',
      groups
        .map((group) =>
          xmlElement(
            'member',
            xmlText('TargetGroupArn', group.arn) +
              xmlText('TargetGroupName', group.name) +
              xmlText('Protocol', 'TCP') +
              xmlText('Port', group.port) +
              xmlText('TargetType', 'ip') +
              xmlText('HealthCheckProtocol', 'TCP') +
              xmlText('HealthCheckIntervalSeconds', group.healthCheck.intervalSeconds) +
              xmlText('HealthyThresholdCount', group.healthCheck.healthyThreshold),
          ),
        )
        .join(''),
    );
  }

  /** Applies every pair or none, and answers every attribute of the group, as AWS does. */
  private modifyAttributes(params: URLSearchParams): string {
    const group = this.groupFrom(params);
    for (const [name, value] of decodeAttributeChanges(params)) group.attributes.set(name, value);
    group.drainMs = Number(group.attributes.get(DELAY_KEY)) * 1000;
    return renderAttributes(group.attributes);
  }

  private registerTargets(params: URLSearchParams): string {
    const group = this.groupFrom(params);
    // Every target is checked before any is recorded: AWS refuses the whole call.
    const targets = requireTargets(params, group.port).map((target) => withZone(target, group.vpc));
    const now = this.now();
    for (const target of targets) {
      const existing = group.targets.get(key(target));
      const health = existing && this.currentHealth(group, existing);
      // Registering a registered target is a no-op on AWS: it must not restart its health checks.
      if (health !== undefined && health.state !== TargetState.Draining) continue;
      group.targets.delete(key(target));
      group.targets.set(key(target), { ...target, registeredAt: now });
    }
    return '';
  }

  private deregisterTargets(params: URLSearchParams): string {
    const group = this.groupFrom(params);
    const now = this.now();
    // The zone rules hold on deregistration too, also for a target that is not registered (checked
    // before the lookup, as a parameter error). Unverified: the order of the two checks on AWS.
    const targets = requireTargets(params, group.port).map((target) => withZone(target, group.vpc));
    for (const target of targets) {
      const existing = group.targets.get(key(target));
      const health = existing && this.currentHealth(group, existing);
      // Unverified: AWS is assumed to accept deregistering an absent IP target as a no-op.
      if (existing === undefined || health === undefined || health.state === TargetState.Draining) continue;
      existing.pinned = undefined;
      existing.deregisteredAt = now;
      // AWS NLB guide, "Connection termination on deregistration": with termination on, established
      // connections close once the deregistration delay has passed; with it off they stay open past the
      // delay (the target reads `unused` by then, but established flows are not cut).
      group.connections.onRemoved(key(target), now, {
        closesConnections: group.attributes.get(TERMINATION_KEY) === 'true',
        delayMs: group.drainMs,
      });
    }
    return '';
  }

  /** The target's health now; drops it from the group once it has drained. */
  private currentHealth(group: TargetGroup, target: TargetRecord): TargetHealth | undefined {
    const health = targetHealth(target, group, this.now(), this.unhealthyIps.has(target.id));
    if (health === undefined) group.targets.delete(key(target));
    return health;
  }

  private groupFrom(params: URLSearchParams): TargetGroup {
    const arn = params.get('TargetGroupArn');
    if (arn === null || arn === '') {
      throw validation(
        "Value null at 'targetGroupArn' failed to satisfy constraint: Member must not be null",
      );
    }
    return this.group(arn);
  }

  private group(arn: string): TargetGroup {
    const group = this.groups.get(arn);
    if (group === undefined) {
      throw new QueryError('TargetGroupNotFound', `One or more target groups not found: '${arn}'`);
    }
    return group;
  }
}

/** The target with the zone AWS records for it, or the error AWS answers (see `zoneForTarget`). */
function withZone(target: TargetDescription, vpc: VpcSpec): TargetDescription {
  const availabilityZone = zoneForTarget(target.id, target.availabilityZone, vpc);
  return availabilityZone === undefined
    ? { id: target.id, port: target.port }
    : { id: target.id, port: target.port, availabilityZone };
}

const DELAY_KEY = 'deregistration_delay.timeout_seconds';
const TERMINATION_KEY = 'deregistration_delay.connection_termination.enabled';

function key(target: { id: string; port: number }): string {
  return `${target.id}:${target.port}`;
}

function describe(target: TargetRecord): TargetDescription {
  const { id, port, availabilityZone } = target;
  return availabilityZone === undefined ? { id, port } : { id, port, availabilityZone };
}

function renderRow(target: TargetDescription, health: TargetHealth): string {
  return xmlElement(
    'member',
    xmlElement(
      'Target',
      xmlText('Id', target.id) +
        xmlText('Port', target.port) +
        xmlText('AvailabilityZone', target.availabilityZone),
    ) +
      // The default health check port is the traffic port, so it echoes the target's.
      xmlText('HealthCheckPort', target.port) +
      xmlElement(
        'TargetHealth',
        xmlText('State', health.state) +
          xmlText('Reason', health.reason) +
          xmlText('Description', health.description),
      ),
  );
}
