import { CALL, addTo, removeFrom } from '../support/pool-calls';
import {
  DeregisterTargetsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
  TargetGroupNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { PoolApiError, createElbv2Pool } from '../../shared/backends';
import { DESCRIBE_TARGET_HEALTH } from '../fixtures/describe-target-health';

const ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders/0123456789abcdef';
const elbv2 = mockClient(ElasticLoadBalancingV2Client);
const client = new ElasticLoadBalancingV2Client({ region: 'us-east-1' });

beforeEach(() => elbv2.reset());

describe('ELBv2 pool', () => {
  it('describes targets keyed by IP and port, with draining ones marked draining', async () => {
    // Prepare
    elbv2.on(DescribeTargetHealthCommand, { TargetGroupArn: ARN }).resolves({
      TargetHealthDescriptions: [
        { Target: { Id: '10.0.1.10', Port: 5432 }, TargetHealth: { State: 'healthy' } },
        {
          Target: { Id: '10.0.1.20', Port: 5432, AvailabilityZone: 'all' },
          TargetHealth: { State: 'initial' },
        },
        { Target: { Id: '10.0.1.30', Port: 5432 }, TargetHealth: { State: 'draining' } },
        { Target: { Id: '10.0.1.40', Port: 5432 }, TargetHealth: { State: 'unhealthy.draining' } },
        { Target: { Id: '10.0.1.50', Port: 5432 }, TargetHealth: { State: 'unhealthy' } },
        { Target: { Id: '10.0.1.60', Port: 3306 }, TargetHealth: { State: 'unused' } },
      ],
    });
    // Act
    const backends = await createElbv2Pool(client, {
      kind: 'aws-elbv2',
      targetGroupArn: ARN,
      port: 5432,
    }).describe(CALL);
    // Assess
    expect(backends).toEqual([
      { ip: '10.0.1.10', port: 5432, health: 'healthy', state: 'healthy' },
      { ip: '10.0.1.20', port: 5432, zone: 'all', health: 'pending', state: 'initial' },
      { ip: '10.0.1.30', port: 5432, health: 'draining', state: 'draining' },
      { ip: '10.0.1.40', port: 5432, health: 'draining', state: 'unhealthy.draining' },
      { ip: '10.0.1.50', port: 5432, health: 'unhealthy', state: 'unhealthy' },
      { ip: '10.0.1.60', port: 3306, health: 'pending', state: 'unused' },
    ]);
  });

  it('registers with the configured availability zone and deregisters with the same zone', async () => {
    // Prepare: a peered-VPC binding, nothing described yet (the zone comes from the binding)
    elbv2.on(RegisterTargetsCommand).resolves({});
    elbv2.on(DeregisterTargetsCommand).resolves({});
    const pool = createElbv2Pool(client, {
      kind: 'aws-elbv2',
      targetGroupArn: ARN,
      port: 5432,
      availabilityZone: 'all',
    });
    // Act
    await addTo(pool, [{ ip: '10.0.1.20', port: 5432 }]);
    await removeFrom(pool, [{ ip: '10.0.1.10', port: 5432 }]);
    // Assess
    expect(elbv2.commandCalls(RegisterTargetsCommand).map((c) => c.args[0].input)).toEqual([
      { TargetGroupArn: ARN, Targets: [{ Id: '10.0.1.20', Port: 5432, AvailabilityZone: 'all' }] },
    ]);
    expect(elbv2.commandCalls(DeregisterTargetsCommand).map((c) => c.args[0].input)).toEqual([
      { TargetGroupArn: ARN, Targets: [{ Id: '10.0.1.10', Port: 5432, AvailabilityZone: 'all' }] },
    ]);
  });

  it('deregisters each target with the zone DescribeTargetHealth reported for it', async () => {
    // Prepare: one target outside the VPC (registered with `all`), one inside (zone detected by AWS),
    // one described without a zone (older answers, mocks)
    elbv2.on(DescribeTargetHealthCommand).resolves({
      TargetHealthDescriptions: [
        {
          Target: { Id: '10.20.1.10', Port: 5432, AvailabilityZone: 'all' },
          TargetHealth: { State: 'healthy' },
        },
        {
          Target: { Id: '10.0.3.30', Port: 5432, AvailabilityZone: 'us-east-1b' },
          TargetHealth: { State: 'healthy' },
        },
        { Target: { Id: '10.0.4.40', Port: 5432 }, TargetHealth: { State: 'healthy' } },
      ],
    });
    elbv2.on(DeregisterTargetsCommand).resolves({});
    const pool = createElbv2Pool(client, { kind: 'aws-elbv2', targetGroupArn: ARN, port: 5432 });
    // Act: the described members as the planner hands them over, then bare addresses (zone remembered)
    const described = await pool.describe(CALL);
    await removeFrom(pool, described.slice(0, 1));
    await removeFrom(pool, [
      { ip: '10.0.3.30', port: 5432 },
      { ip: '10.0.4.40', port: 5432 },
    ]);
    // Assess
    expect(elbv2.commandCalls(DeregisterTargetsCommand).map((c) => c.args[0].input.Targets)).toEqual([
      [{ Id: '10.20.1.10', Port: 5432, AvailabilityZone: 'all' }],
      [
        { Id: '10.0.3.30', Port: 5432, AvailabilityZone: 'us-east-1b' },
        { Id: '10.0.4.40', Port: 5432 },
      ],
    ]);
  });

  it('registers without a zone when none is configured, and skips empty calls', async () => {
    elbv2.on(RegisterTargetsCommand).resolves({});
    const pool = createElbv2Pool(client, { kind: 'aws-elbv2', targetGroupArn: ARN, port: 5432 });
    await addTo(pool, []);
    await removeFrom(pool, []);
    await addTo(pool, [{ ip: '10.0.1.20', port: 5432 }]);
    // The health check is read beside the register, for the health wait that follows.
    expect(elbv2.calls().map((c) => c.args[0].input)).toEqual([
      { TargetGroupArns: [ARN] },
      { TargetGroupArn: ARN, Targets: [{ Id: '10.0.1.20', Port: 5432 }] },
    ]);
  });

  it('turns an SDK error into a PoolApiError naming the pool, the step and the code', async () => {
    elbv2
      .on(DescribeTargetHealthCommand)
      .rejects(
        new TargetGroupNotFoundException({ message: 'One or more target groups not found', $metadata: {} }),
      );
    const pool = createElbv2Pool(client, { kind: 'aws-elbv2', targetGroupArn: ARN, port: 5432 });
    const error = await pool.describe(CALL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolApiError);
    expect(error).toMatchObject({
      pool: 'aws-elbv2 targetgroup/orders/0123456789abcdef',
      step: 'describe',
      code: 'TargetGroupNotFoundException',
      message:
        'describe on aws-elbv2 targetgroup/orders/0123456789abcdef failed: TargetGroupNotFoundException: One or more target groups not found',
    });
  });

  it.each([
    [
      'unused / Target.NotInUse, zone reported (aws-sdk-js#1964)',
      DESCRIBE_TARGET_HEALTH.unusedNotInUse,
      [
        { ip: '172.31.80.22', port: 3001, zone: 'us-east-1d', health: 'pending', state: 'unused' },
        { ip: '172.31.80.21', port: 3000, zone: 'us-east-1d', health: 'pending', state: 'unused' },
      ],
    ],
    [
      'unused / Target.NotRegistered, not in the pool (aws-sdk-js#1593)',
      DESCRIBE_TARGET_HEALTH.notRegistered,
      [],
    ],
    [
      'draining / Target.DeregistrationInProgress (chaostoolkit-aws#60)',
      DESCRIBE_TARGET_HEALTH.draining,
      [{ ip: '10.128.79.207', port: 80, health: 'draining', state: 'draining' }],
    ],
  ])('describes a posted answer: %s', async (_what, answer, expected) => {
    elbv2.on(DescribeTargetHealthCommand).resolves(answer);
    const pool = createElbv2Pool(client, { kind: 'aws-elbv2', targetGroupArn: ARN, port: 5432 });
    expect(await pool.describe(CALL)).toEqual(expected);
  });
});
