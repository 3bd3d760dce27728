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
    const timing = await pool.healthCheck(CONTEXT);
    const delays = [await pool.healthPollMs(0, CONTEXT), await pool.healthPollMs(19_000, CONTEXT)];
    // Assess
    expect(timing).toEqual({ intervalSeconds: 10, healthyThreshold: 3 });
    expect(delays).toEqual([5000, 1000]);
    expect(emulator.calls.map((c) => c.action)).toEqual(['DescribeTargetGroups']);
  });

  it('falls back to the TCP defaults when the group cannot be read', async () => {
    // Arrange: no such target group.
    const pool = createElbv2Pool(client, { kind: 'aws-elbv2', targetGroupArn: ARN, port: 5432 });
    // Act
    const timing = await pool.healthCheck(CONTEXT);
    // Assess
    expect(timing).toEqual({ intervalSeconds: 30, healthyThreshold: 5 });
    expect(emulator.calls.map((c) => [c.action, c.errorCode])).toEqual([
      ['DescribeTargetGroups', 'TargetGroupNotFound'],
    ]);
  });
});
