import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ElasticLoadBalancingV2ServiceException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ELBV2_THROTTLE, Elbv2Emulator } from '../../lab/aws/elbv2-emulator';
import { startQueryServer, type QueryServer } from '../../lab/aws/server';
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../shared/core/types';
import { createApiBudget } from '../../shared/platform/api-budget';
import { createElbv2Client } from '../../shared/platform/aws-clients';

const ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders/0000000000000001';
const ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDLAB',
  AWS_SECRET_ACCESS_KEY: 'lab-secret',
} as const;

let server: QueryServer;
let saved: Record<string, string | undefined>;

afterEach(async () => {
  await server.close();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) Reflect.deleteProperty(process.env, key);
    else process.env[key] = value;
  }
});

async function start(emulator: Elbv2Emulator): Promise<void> {
  server = await startQueryServer(emulator);
  const env = { ...ENV, AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: server.url };
  saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
}

describe('the ELBv2 emulator throttles as ELBv2 does', () => {
  it('answers the 41st describe of the same instant 400 Throttling, "Rate exceeded"', async () => {
    // Arrange: time stands still, so the bucket cannot refill between requests.
    const emulator = new Elbv2Emulator({ now: () => 1_767_225_600_000, throttle: ELBV2_THROTTLE });
    emulator.createTargetGroup({ arn: ARN, name: 'orders', port: 5432 });
    await start(emulator);
    const client = new ElasticLoadBalancingV2Client({ maxAttempts: 1 });
    const send = () =>
      client.send(new DescribeTargetHealthCommand({ TargetGroupArn: ARN })).then(
        () => 'ok',
        (error: unknown) => error,
      );
    // Act
    const first40 = await Promise.all(Array.from({ length: 40 }, send));
    const refused = await send();
    // Assess
    expect(first40.filter((r) => r === 'ok')).toHaveLength(40);
    expect(refused).toBeInstanceOf(ElasticLoadBalancingV2ServiceException);
    expect(refused).toMatchObject({
      name: 'Throttling',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400 },
    });
    expect(emulator.throttled).toEqual(new Map([['DescribeTargetHealth', 1]]));
    expect(emulator.calls.at(-1)).toMatchObject({ action: 'DescribeTargetHealth', errorCode: 'Throttling' });
  });
});

describe('the ELBv2 client paced by the API budget', () => {
  // Real time, on ELBv2's own refill rate with a smaller burst so that the test takes 4 s. (Virtual time
  // cannot be used: a virtual sleep ends before the requests sent before it have reached the server.)
  // A request held up on its way (the HTTP agent's queue, a busy machine) arrives when the bucket may have
  // topped out and lost refill; the tokens the client leaves in hand absorb that: 5 here, 500 ms of delay
  // on a CI machine under load, and 4 of ELBv2's 40 in the runtime.
  const EMULATED = { capacity: 10, refillPerSecond: 10 };
  const CLIENT = { capacity: 5, refillPerSecond: 9.5 };

  it('sends 40 describes at once through the bucket without one throttle', async () => {
    // Arrange
    const emulator = new Elbv2Emulator({ throttle: { describe: EMULATED } });
    emulator.createTargetGroup({ arn: ARN, name: 'orders', port: 5432 });
    await start(emulator);
    const budget = createApiBudget({ bucketOf: () => CLIENT });
    const client = createElbv2Client(budget);
    // Act
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => client.send(new DescribeTargetHealthCommand({ TargetGroupArn: ARN }))),
    );
    // Assess: the first 5 go at once, the other 35 wait for their tokens.
    expect(answers).toHaveLength(40);
    expect(emulator.throttled.size).toBe(0);
    expect(emulator.calls.filter((c) => c.errorCode !== undefined)).toEqual([]);
    expect(emulator.calls).toHaveLength(40);
    expect(budget.stats()).toMatchObject({ calls: 40, paced: 35 });
  });

  it('without the budget, the same 40 describes are throttled', async () => {
    // Arrange: the control, so that the test above means something.
    const emulator = new Elbv2Emulator({ throttle: { describe: EMULATED } });
    emulator.createTargetGroup({ arn: ARN, name: 'orders', port: 5432 });
    await start(emulator);
    const client = createElbv2Client();
    // Act
    await Promise.allSettled(
      Array.from({ length: 40 }, () => client.send(new DescribeTargetHealthCommand({ TargetGroupArn: ARN }))),
    );
    // Assess
    expect(emulator.throttled.get('DescribeTargetHealth')).toBeGreaterThan(0);
  });

  it('gives up the wait when the call is aborted at the deadline, sending nothing', async () => {
    // Arrange: one token and one a minute, already spent; an unref'd sleep so no timer outlives the test.
    const emulator = new Elbv2Emulator({ throttle: ELBV2_THROTTLE });
    emulator.createTargetGroup({ arn: ARN, name: 'orders', port: 5432 });
    await start(emulator);
    const clock: Clock = {
      now: () => Date.now(),
      sleep: (ms) => delay(ms, undefined, { ref: false }),
    };
    const budget = createApiBudget({ clock, bucketOf: () => ({ capacity: 1, refillPerSecond: 1 / 60 }) });
    const client = createElbv2Client(budget);
    await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: ARN }));
    // Act
    const error = await client
      .send(new DescribeTargetHealthCommand({ TargetGroupArn: ARN }), {
        abortSignal: AbortSignal.timeout(50),
      })
      .catch((e: unknown) => e);
    // Assess: the SDK's own abort check and the budget's race for it; either way nothing was sent.
    expect(['ApiBudgetWaitError', 'AbortError']).toContain((error as Error).name);
    expect(emulator.calls).toHaveLength(1);
  });
});
