import {
  DescribeTargetGroupAttributesCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand,
  TargetGroupNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { createAlicloudRpc } from '../../shared/alicloud';
import { createElbv2Pool, PoolApiError } from '../../shared/backends';
import { createNlbPool } from '../../shared/backends/alicloud-nlb';
import { drainVerdict } from '../../shared/core/drain';
import { parseConfig } from '../../shared/config/load';
import { apiError, fakePopCore, ok } from '../support/fake-pop-core';
import type { Reply } from '../support/fake-pop-core';
import { CALL } from '../support/pool-calls';
import { virtualClock } from '../support/virtual-clock';

const ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders/0123456789abcdef';
const elbv2 = mockClient(ElasticLoadBalancingV2Client);
const client = new ElasticLoadBalancingV2Client({ region: 'us-east-1' });
const elbv2Pool = () => createElbv2Pool(client, { kind: 'aws-elbv2', targetGroupArn: ARN, port: 5432 });

beforeEach(() => elbv2.reset());

describe('drainVerdict', () => {
  it.each([
    ['no policy', undefined, { closesConnections: false, delaySeconds: 300 }, { kind: 'leave' }],
    [
      'leave',
      { clientConnections: 'leave', deregistrationDelaySeconds: 30 },
      { closesConnections: false, delaySeconds: 300 },
      { kind: 'leave' },
    ],
    [
      'close on AWS defaults',
      { clientConnections: 'close', deregistrationDelaySeconds: 30 },
      { closesConnections: false, delaySeconds: 300 },
      {
        kind: 'set',
        wanted: { closesConnections: true, delaySeconds: 30 },
        differences: [
          'connections are not closed on deregistration',
          'deregistration delay is 300 s, not 30 s',
        ],
      },
    ],
    [
      'close, termination on, delay too short',
      { clientConnections: 'close', deregistrationDelaySeconds: 30 },
      { closesConnections: true, delaySeconds: 10 },
      {
        kind: 'set',
        wanted: { closesConnections: true, delaySeconds: 30 },
        differences: ['deregistration delay is 10 s, not 30 s'],
      },
    ],
    [
      'close, already so',
      { clientConnections: 'close', deregistrationDelaySeconds: 30 },
      { closesConnections: true, delaySeconds: 30 },
      { kind: 'in-sync', wanted: { closesConnections: true, delaySeconds: 30 } },
    ],
  ] as const)('%s', (_name, policy, seen, expected) => {
    expect(drainVerdict(policy, seen)).toEqual(expected);
  });

  it('close: whatever the settings, setting what it wants leaves nothing to set', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 0, max: 3600 }),
        fc.integer({ min: 0, max: 3600 }),
        (closes, seen, want) => {
          const policy = { clientConnections: 'close', deregistrationDelaySeconds: want } as const;
          const verdict = drainVerdict(policy, { closesConnections: closes, delaySeconds: seen });
          const after =
            verdict.kind === 'set' ? verdict.wanted : { closesConnections: closes, delaySeconds: seen };
          expect(verdict.kind === 'set').toBe(!closes || seen !== want);
          expect(drainVerdict(policy, after).kind).toBe('in-sync');
        },
      ),
    );
  });
});

describe('ELBv2 target group drain settings', () => {
  it('reads the two keys among the others', async () => {
    // Prepare
    elbv2.on(DescribeTargetGroupAttributesCommand, { TargetGroupArn: ARN }).resolves({
      Attributes: [
        { Key: 'stickiness.enabled', Value: 'false' },
        { Key: 'deregistration_delay.timeout_seconds', Value: '120' },
        { Key: 'deregistration_delay.connection_termination.enabled', Value: 'true' },
      ],
    });
    // Act
    const settings = await elbv2Pool().drain?.read(CALL);
    // Assess
    expect(settings).toEqual({ closesConnections: true, delaySeconds: 120 });
  });

  it("takes AWS's defaults for keys a group does not list", async () => {
    elbv2.on(DescribeTargetGroupAttributesCommand).resolves({ Attributes: [] });
    expect(await elbv2Pool().drain?.read(CALL)).toEqual({ closesConnections: false, delaySeconds: 300 });
  });

  it('sets both keys in one ModifyTargetGroupAttributes', async () => {
    // Prepare
    elbv2.on(ModifyTargetGroupAttributesCommand).resolves({});
    // Act
    await elbv2Pool().drain?.write({ closesConnections: true, delaySeconds: 30 }, CALL);
    // Assess
    expect(elbv2.commandCalls(ModifyTargetGroupAttributesCommand).map((c) => c.args[0].input)).toEqual([
      {
        TargetGroupArn: ARN,
        Attributes: [
          { Key: 'deregistration_delay.timeout_seconds', Value: '30' },
          { Key: 'deregistration_delay.connection_termination.enabled', Value: 'true' },
        ],
      },
    ]);
  });

  it('fails as a PoolApiError of step settings', async () => {
    elbv2
      .on(DescribeTargetGroupAttributesCommand)
      .rejects(
        new TargetGroupNotFoundException({ message: 'One or more target groups not found', $metadata: {} }),
      );
    const error = await elbv2Pool()
      .drain?.read(CALL)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolApiError);
    expect((error as PoolApiError).step).toBe('settings');
    expect((error as PoolApiError).code).toBe('TargetGroupNotFoundException');
  });
});

describe('NLB server group drain settings', () => {
  function nlbPool(replies: Record<string, Reply[]>) {
    const fake = fakePopCore(replies);
    const clock = virtualClock(0);
    const rpc = createAlicloudRpc({
      endpoint: 'https://nlb.cn-hangzhou.aliyuncs.com',
      apiVersion: '2022-04-30',
      credentials: { accessKeyId: 'ak', accessKeySecret: 'sk' },
      timeoutMs: 3000,
      clock,
      maxAttempts: 3,
      random: () => 0,
      newClientToken: () => 'token-1',
      createClient: () => fake.client,
    });
    const config = {
      kind: 'alicloud-nlb',
      region: 'cn-hangzhou',
      serverGroupId: 'sgp-orders',
      port: 5432,
    } as const;
    return {
      pool: createNlbPool(rpc, config, { clock, jobPollMs: 1000, jobTimeoutMs: 60_000 }),
      requests: fake.requests,
    };
  }

  it('reads ConnectionDrainEnabled and ConnectionDrainTimeout of the one group asked for', async () => {
    // Prepare
    const { pool, requests } = nlbPool({
      ListServerGroups: [
        ok({
          RequestId: 'R',
          ServerGroups: [
            { ServerGroupId: 'sgp-orders', ConnectionDrainEnabled: true, ConnectionDrainTimeout: 10 },
          ],
          TotalCount: 1,
        }),
      ],
    });
    // Act
    const settings = await pool.drain?.read(CALL);
    // Assess
    expect(settings).toEqual({ closesConnections: true, delaySeconds: 10 });
    expect(requests.map((r) => [r.action, r.params['ServerGroupIds.1'], r.params['RegionId']])).toEqual([
      ['ListServerGroups', 'sgp-orders', 'cn-hangzhou'],
    ]);
  });

  it('sets both with UpdateServerGroupAttribute and waits for its job', async () => {
    // Prepare
    const { pool, requests } = nlbPool({
      UpdateServerGroupAttribute: [ok({ RequestId: 'R', JobId: 'job-1' })],
      GetJobStatus: [
        ok({ RequestId: 'R', Status: 'processing' }),
        ok({ RequestId: 'R', Status: 'Succeeded' }),
      ],
    });
    // Act
    await pool.drain?.write({ closesConnections: true, delaySeconds: 30 }, { deadlineMs: 600_000 });
    // Assess
    expect(requests.map((r) => r.action)).toEqual([
      'UpdateServerGroupAttribute',
      'GetJobStatus',
      'GetJobStatus',
    ]);
    expect(requests[0]?.params).toMatchObject({
      RegionId: 'cn-hangzhou',
      ServerGroupId: 'sgp-orders',
      ConnectionDrainEnabled: true,
      ConnectionDrainTimeout: 30,
      ClientToken: 'token-1',
    });
  });

  it('fails as a PoolApiError of step settings when the API refuses the value', async () => {
    const { pool } = nlbPool({
      UpdateServerGroupAttribute: [
        apiError('IllegalParam.ConnectionDrainTimeout', 'The param of ConnectionDrainTimeout is illegal.'),
      ],
    });
    const error = await pool.drain
      ?.write({ closesConnections: true, delaySeconds: 5 }, { deadlineMs: 600_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolApiError);
    expect((error as PoolApiError).step).toBe('settings');
    expect((error as PoolApiError).code).toBe('IllegalParam.ConnectionDrainTimeout');
  });
});

describe('onSwap in the bindings file', () => {
  const file = (
    onSwap: string,
    pool = '{ aws-elbv2: { targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/a/0123456789abcdef" } }',
  ) => `bindings: [{ name: a, endpoint: "a.example.com:5432", pools: [${pool}]${onSwap} }]`;

  it('is absent unless written: leave, nobody changed silently', () => {
    expect(parseConfig(file(''), 't').bindings[0]?.onSwap).toBeUndefined();
  });

  it('defaults the delay to 30 s', () => {
    expect(parseConfig(file(', onSwap: { clientConnections: close }'), 't').bindings[0]?.onSwap).toEqual({
      clientConnections: 'close',
      deregistrationDelaySeconds: 30,
    });
  });

  it.each([
    [', onSwap: { clientConnections: drop }', "binding 'a'", 'must be leave or close'],
    [
      ', onSwap: { deregistrationDelaySeconds: 3601 }',
      'deregistrationDelaySeconds',
      'must be a whole number from 0 to 3600 seconds; found 3601',
    ],
  ])('refuses %s', (onSwap, where, message) => {
    expect(() => parseConfig(file(onSwap), 't')).toThrow(where);
    expect(() => parseConfig(file(onSwap), 't')).toThrow(message);
  });

  it('refuses close with a delay an NLB server group cannot hold (10 to 900 s)', () => {
    const nlb = '{ alicloud-nlb: { region: cn-hangzhou, serverGroupId: sgp-a } }';
    expect(() =>
      parseConfig(file(', onSwap: { clientConnections: close, deregistrationDelaySeconds: 5 }', nlb), 't'),
    ).toThrow(
      "binding 'a': onSwap.deregistrationDelaySeconds: an alicloud-nlb server group drains for 10 to 900 seconds; found 5",
    );
  });
});
