import {
  DeregisterTargetsCommand,
  DescribeTargetGroupAttributesCommand,
  ElasticLoadBalancingV2Client,
  InvalidConfigurationRequestException,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { Elbv2Emulator } from '../../lab/aws/elbv2-emulator';
import { startQueryServer, type QueryServer } from '../../lab/aws/server';

const credentials = { accessKeyId: 'AKIDLAB', secretAccessKey: 'lab-secret' };
const DELAY = 'deregistration_delay.timeout_seconds';
const TERMINATION = 'deregistration_delay.connection_termination.enabled';

let nowMs: number;
let emulator: Elbv2Emulator;
let server: QueryServer;
let client: ElasticLoadBalancingV2Client;

beforeEach(async () => {
  nowMs = 1_767_225_600_000;
  emulator = new Elbv2Emulator({ now: () => nowMs });
  server = await startQueryServer(emulator, { newRequestId: () => 'lab-request-id' });
  client = new ElasticLoadBalancingV2Client({
    endpoint: server.url,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  });
});

afterEach(async () => {
  client.destroy();
  await server.close();
});

const attributesOf = async (arn: string): Promise<Record<string, string>> => {
  const { Attributes = [] } = await client.send(
    new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn }),
  );
  return Object.fromEntries(Attributes.map((a) => [a.Key ?? '', a.Value ?? '']));
};

describe('ELBv2 emulator: target group attributes through the real SDK client', () => {
  it("describes AWS's defaults, with the delay seeded as 300 s", async () => {
    // Prepare
    const arn = emulator.createTargetGroup({ name: 'orders-pg', port: 5432, attributes: { [DELAY]: '300' } });

    // Act
    const attributes = await attributesOf(arn);

    // Assess
    expect(attributes[DELAY]).toBe('300');
    expect(attributes[TERMINATION]).toBe('false');
    expect(attributes['stickiness.type']).toBe('source_ip');
  });

  it('modifies both drain keys in one call and answers every attribute', async () => {
    // Prepare
    const arn = emulator.createTargetGroup({ name: 'orders-pg', port: 5432, attributes: { [DELAY]: '300' } });

    // Act
    const answer = await client.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: arn,
        Attributes: [
          { Key: DELAY, Value: '30' },
          { Key: TERMINATION, Value: 'true' },
        ],
      }),
    );

    // Assess
    expect(answer.Attributes?.find((a) => a.Key === DELAY)?.Value).toBe('30');
    expect(answer.Attributes?.length).toBe(9);
    expect(await attributesOf(arn)).toMatchObject({ [DELAY]: '30', [TERMINATION]: 'true' });
  });

  it.each([
    [DELAY, '3601', `Target group attribute key '${DELAY}' must be between 0 and 3600`],
    [DELAY, '-1', `Target group attribute key '${DELAY}' must be between 0 and 3600`],
    [TERMINATION, 'yes', `Target group attribute key '${TERMINATION}' must be 'true' or 'false'`],
    [
      'deregistration_delay.bogus',
      '1',
      "Target group attribute key 'deregistration_delay.bogus' is not recognized",
    ],
  ])('refuses %s=%s whole, changing nothing', async (key, value, message) => {
    // Prepare
    const arn = emulator.createTargetGroup({ name: 'orders-pg', port: 5432, attributes: { [DELAY]: '300' } });

    // Act
    const error = await client
      .send(
        new ModifyTargetGroupAttributesCommand({
          TargetGroupArn: arn,
          Attributes: [
            { Key: TERMINATION, Value: 'true' },
            { Key: key, Value: value },
          ],
        }),
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      );

    // Assess
    expect(error).toBeInstanceOf(InvalidConfigurationRequestException);
    expect((error as Error).message).toBe(message);
    expect(await attributesOf(arn)).toMatchObject({ [DELAY]: '300', [TERMINATION]: 'false' });
  });
});

describe('ELBv2 emulator: established connections', () => {
  const OLD = '10.20.1.10';

  async function deregisterOld(arn: string): Promise<void> {
    await client.send(
      new DeregisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: OLD, Port: 5432 }] }),
    );
  }

  it('keeps connections on a deregistered target past the delay when termination is off', async () => {
    // Prepare
    const arn = emulator.createTargetGroup({ name: 'orders-pg', port: 5432, drainMs: 30_000 });
    emulator.seedTarget(arn, { id: OLD, port: 5432, state: 'healthy' });
    emulator.openConnection(arn);

    // Act
    await deregisterOld(arn);
    nowMs += 3_600_000;

    // Assess
    expect(emulator.connections(arn)).toEqual([
      { id: 'conn-1', target: `${OLD}:5432`, openedAt: 1_767_225_600_000 },
    ]);
  });

  it('closes them when the delay ends with termination on, not before', async () => {
    // Prepare
    const arn = emulator.createTargetGroup({
      name: 'orders-pg',
      port: 5432,
      drainMs: 5_000,
      attributes: { [TERMINATION]: 'true' },
    });
    emulator.seedTarget(arn, { id: OLD, port: 5432, state: 'healthy' });
    emulator.openConnection(arn);
    emulator.openConnection(arn);

    // Act
    await deregisterOld(arn);
    nowMs += 4_999;
    const before = emulator.connections(arn).filter((c) => c.closedAt === undefined).length;
    nowMs += 1;

    // Assess
    expect(before).toBe(2);
    expect(emulator.connections(arn).map((c) => [c.closesAt, c.closedAt])).toEqual([
      [1_767_225_605_000, 1_767_225_605_000],
      [1_767_225_605_000, 1_767_225_605_000],
    ]);
  });
});
