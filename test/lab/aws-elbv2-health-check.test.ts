import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { Elbv2Emulator } from '../../lab/aws/elbv2-emulator';
import { startQueryServer, type QueryServer } from '../../lab/aws/server';
import { createElbv2Pool } from '../../shared/backends/aws-elbv2/elbv2-pool';

const ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders/0000000000000001';
const CONTEXT = { deadlineMs: Number.MAX_SAFE_INTEGER };
const credentials = { accessKeyId: 'AKIDLAB', secretAccessKey: 'lab-secret' };

let emulator: Elbv2Emulator;
let server: QueryServer;
let client: ElasticLoadBalancingV2Client;

beforeEach(async () => {
  emulator = new Elbv2Emulator();
  server = await startQueryServer(emulator);
  client = new ElasticLoadBalancingV2Client({ endpoint: server.url, region: 'us-east-1', credentials });
});
afterEach(() => server.close());

describe('the ELBv2 pool reads its health check beside the register', () => {
  it('sends DescribeTargetGroups with the add, and not again for the health wait', async () => {
    // Arrange
    emulator.createTargetGroup({
      arn: ARN,
      name: 'orders',
      port: 5432,
      healthCheck: { intervalSeconds: 5, healthyThreshold: 2 },
    });
    const pool = createElbv2Pool(client, { kind: 'aws-elbv2', targetGroupArn: ARN, port: 5432 });
    // Act
    await pool.apply({ kind: 'add', add: [{ ip: '10.0.0.7', port: 5432 }] }, CONTEXT);
    const schedule = await pool.healthPollSchedule?.(CONTEXT);
    // Assess: 5 s and 2: the earliest healthy moment is 5 s after registration.
    expect(schedule?.(0)).toBe(4000);
    expect(emulator.calls.map((c) => c.action).sort()).toEqual(['DescribeTargetGroups', 'RegisterTargets']);
  });
});

describe('the ELBv2 pool reads its health check once', () => {
  it('takes interval and threshold from DescribeTargetGroups and polls by them', async () => {
    // Arrange
    emulator.createTargetGroup({
      arn: ARN,
      name: 'orders',
      port: 5432,
      healthCheck: { intervalSeconds: 10, healthyThreshold: 3 },
    });
    const pool = createElbv2Pool(client, { kind: 'aws-elbv2', targetGroupArn: ARN, port: 5432 });
    // Act
    const first = await pool.healthPollSchedule?.(CONTEXT);
    const second = await pool.healthPollSchedule?.(CONTEXT);
    // Assess: interval 10 s, threshold 3: earliest healthy 20 s after registration, fast polls from 19 s.
    expect([first?.(0), first?.(19_000), second?.(12_000)]).toEqual([19_000, 1000, 7000]);
    expect(emulator.calls.map((c) => c.action)).toEqual(['DescribeTargetGroups']);
  });

  it('falls back to the TCP defaults when the group cannot be read', async () => {
    // Arrange: no such target group.
    const pool = createElbv2Pool(client, { kind: 'aws-elbv2', targetGroupArn: ARN, port: 5432 });
    // Act
    const schedule = await pool.healthPollSchedule?.(CONTEXT);
    // Assess: 30 s and 5, the earliest healthy moment 120 s after registration.
    expect([schedule?.(0), schedule?.(119_000)]).toEqual([119_000, 1000]);
    expect(emulator.calls.map((c) => [c.action, c.errorCode])).toEqual([
      ['DescribeTargetGroups', 'TargetGroupNotFound'],
    ]);
  });
});
