import {
  DeregisterTargetsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ElasticLoadBalancingV2ServiceException,
  InvalidTargetException,
  RegisterTargetsCommand,
  TargetGroupNotFoundException,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { Elbv2Emulator } from '../../lab/aws/elbv2-emulator';
import { boundedClientConfig } from '../../shared/platform/aws-clients';
import { startQueryServer, type QueryServer } from '../../lab/aws/server';

const ORDERS_ARN =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-writer/0000000000000001';
const credentials = { accessKeyId: 'AKIDLAB', secretAccessKey: 'lab-secret' };

let nowMs: number;
let emulator: Elbv2Emulator;
let server: QueryServer;
let client: ElasticLoadBalancingV2Client;

const clientWith = (maxAttempts?: number): ElasticLoadBalancingV2Client =>
  new ElasticLoadBalancingV2Client({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts });

const describeHealth = async (): Promise<TargetHealthDescription[] | undefined> =>
  (await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: ORDERS_ARN })))
    .TargetHealthDescriptions;

const failure = async (send: Promise<unknown>): Promise<unknown> =>
  send.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );

beforeEach(async () => {
  nowMs = 1_767_225_600_000;
  emulator = new Elbv2Emulator({ now: () => nowMs });
  server = await startQueryServer(emulator, { newRequestId: () => 'lab-request-id' });
  client = clientWith(1);
});

afterEach(async () => {
  client.destroy();
  await server.close();
});

describe('Elbv2Emulator through the real SDK client', () => {
  it('registers, describes and deregisters targets, defaulting the port to the group port', async () => {
    // Prepare
    const arn = emulator.createTargetGroup({ name: 'orders-writer', port: 5432 });

    // Act
    await client.send(
      new RegisterTargetsCommand({
        TargetGroupArn: arn,
        Targets: [{ Id: '172.16.0.5', Port: 5432, AvailabilityZone: 'all' }, { Id: '10.0.0.6' }],
      }),
    );
    const afterRegister = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
    await client.send(
      new DeregisterTargetsCommand({
        TargetGroupArn: arn,
        Targets: [{ Id: '172.16.0.5', Port: 5432, AvailabilityZone: 'all' }],
      }),
    );
    const afterDeregister = await describeHealth();

    // Assess
    expect(arn).toBe(ORDERS_ARN);
    expect(afterRegister.$metadata.requestId).toBe('lab-request-id');
    expect(afterRegister.TargetHealthDescriptions).toEqual([
      {
        Target: { Id: '172.16.0.5', Port: 5432, AvailabilityZone: 'all' },
        HealthCheckPort: '5432',
        TargetHealth: { State: 'healthy' },
      },
      {
        Target: { Id: '10.0.0.6', Port: 5432, AvailabilityZone: 'us-east-1a' },
        HealthCheckPort: '5432',
        TargetHealth: { State: 'healthy' },
      },
    ]);
    expect(afterDeregister).toEqual([
      {
        Target: { Id: '10.0.0.6', Port: 5432, AvailabilityZone: 'us-east-1a' },
        HealthCheckPort: '5432',
        TargetHealth: { State: 'healthy' },
      },
    ]);
    expect(emulator.calls).toEqual([
      {
        action: 'RegisterTargets',
        params: {
          TargetGroupArn: ORDERS_ARN,
          'Targets.member.1.Id': '172.16.0.5',
          'Targets.member.1.Port': '5432',
          'Targets.member.1.AvailabilityZone': 'all',
          'Targets.member.2.Id': '10.0.0.6',
        },
        at: 1_767_225_600_000,
      },
      { action: 'DescribeTargetHealth', params: { TargetGroupArn: ORDERS_ARN }, at: 1_767_225_600_000 },
      {
        action: 'DeregisterTargets',
        params: {
          TargetGroupArn: ORDERS_ARN,
          'Targets.member.1.Id': '172.16.0.5',
          'Targets.member.1.Port': '5432',
          'Targets.member.1.AvailabilityZone': 'all',
        },
        at: 1_767_225_600_000,
      },
      { action: 'DescribeTargetHealth', params: { TargetGroupArn: ORDERS_ARN }, at: 1_767_225_600_000 },
    ]);
  });

  it('reports a new target initial until healthyAfterMs has passed on the clock, then healthy', async () => {
    // Prepare
    emulator.createTargetGroup({ name: 'orders-writer', port: 5432, healthyAfterMs: 30_000 });
    await client.send(
      new RegisterTargetsCommand({ TargetGroupArn: ORDERS_ARN, Targets: [{ Id: '10.0.0.5' }] }),
    );

    // Act
    const atOnce = await describeHealth();
    nowMs += 29_999;
    const justBefore = await describeHealth();
    nowMs += 1;
    const after = await describeHealth();

    // Assess
    const initial = {
      State: 'initial',
      Reason: 'Elb.RegistrationInProgress',
      Description: 'Target registration is in progress',
    };
    expect(atOnce?.map((row) => row.TargetHealth)).toEqual([initial]);
    expect(justBefore?.map((row) => row.TargetHealth)).toEqual([initial]);
    expect(after?.map((row) => row.TargetHealth)).toEqual([{ State: 'healthy' }]);
  });

  it('never reports a target on an unhealthy IP healthy', async () => {
    // Prepare
    emulator.createTargetGroup({ name: 'orders-writer', port: 5432, healthyAfterMs: 10_000 });
    emulator.unhealthyIps.add('10.0.0.9');
    await client.send(
      new RegisterTargetsCommand({ TargetGroupArn: ORDERS_ARN, Targets: [{ Id: '10.0.0.9' }] }),
    );
    nowMs += 60_000;

    // Act
    const rows = await describeHealth();

    // Assess
    expect(rows?.map((row) => row.TargetHealth)).toEqual([
      { State: 'unhealthy', Reason: 'Target.FailedHealthChecks', Description: 'Health checks failed' },
    ]);
  });

  it('drains a deregistered target for drainMs, then reports it not registered', async () => {
    // Prepare
    emulator.createTargetGroup({ name: 'orders-writer', port: 5432, drainMs: 300_000 });
    emulator.seedTarget(ORDERS_ARN, {
      id: '10.0.0.5',
      port: 5432,
      availabilityZone: 'us-east-1a',
      state: 'healthy',
    });
    await client.send(
      new DeregisterTargetsCommand({ TargetGroupArn: ORDERS_ARN, Targets: [{ Id: '10.0.0.5' }] }),
    );

    // Act
    nowMs += 299_999;
    const draining = await describeHealth();
    nowMs += 1;
    const drained = await describeHealth();
    const askedByName = await client.send(
      new DescribeTargetHealthCommand({
        TargetGroupArn: ORDERS_ARN,
        Targets: [{ Id: '10.0.0.5', Port: 5432 }],
      }),
    );

    // Assess
    expect(draining).toEqual([
      {
        Target: { Id: '10.0.0.5', Port: 5432, AvailabilityZone: 'us-east-1a' },
        HealthCheckPort: '5432',
        TargetHealth: {
          State: 'draining',
          Reason: 'Target.DeregistrationInProgress',
          Description: 'Target deregistration is in progress',
        },
      },
    ]);
    expect(drained).toEqual([]);
    // Asked for by name, a target that is not registered is echoed as asked, with no zone.
    expect(askedByName.TargetHealthDescriptions).toEqual([
      {
        Target: { Id: '10.0.0.5', Port: 5432 },
        HealthCheckPort: '5432',
        TargetHealth: {
          State: 'unused',
          Reason: 'Target.NotRegistered',
          Description: 'Target is not registered to the target group',
        },
      },
    ]);
  });

  it('ignores registering a registered target and restarts a draining one at initial', async () => {
    // Prepare
    emulator.createTargetGroup({
      name: 'orders-writer',
      port: 5432,
      healthyAfterMs: 30_000,
      drainMs: 300_000,
    });
    emulator.seedTarget(ORDERS_ARN, {
      id: '10.0.0.5',
      port: 5432,
      availabilityZone: 'us-east-1a',
      state: 'healthy',
    });
    emulator.seedTarget(ORDERS_ARN, {
      id: '10.0.0.6',
      port: 5432,
      availabilityZone: 'us-east-1a',
      state: 'draining',
    });

    // Act
    await client.send(
      new RegisterTargetsCommand({
        TargetGroupArn: ORDERS_ARN,
        Targets: [{ Id: '10.0.0.5' }, { Id: '10.0.0.6' }],
      }),
    );

    // Assess
    expect(emulator.targets(ORDERS_ARN)).toEqual([
      { id: '10.0.0.5', port: 5432, availabilityZone: 'us-east-1a', state: 'healthy' },
      {
        id: '10.0.0.6',
        port: 5432,
        availabilityZone: 'us-east-1a',
        state: 'initial',
        reason: 'Elb.RegistrationInProgress',
        description: 'Target registration is in progress',
      },
    ]);
  });

  it('surfaces an unknown target group as TargetGroupNotFoundException', async () => {
    // Prepare
    const missing =
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/missing/0000000000000000';

    // Act
    const error = await failure(client.send(new DescribeTargetHealthCommand({ TargetGroupArn: missing })));

    // Assess
    expect(error).toBeInstanceOf(TargetGroupNotFoundException);
    expect(error).toMatchObject({
      message: `One or more target groups not found: '${missing}'`,
      $fault: 'client',
      $metadata: { httpStatusCode: 400, requestId: 'lab-request-id' },
    });
  });
});

describe("Elbv2Emulator: IP targets inside and outside the target group's VPC", () => {
  // A load balancer VPC of 10.0.0.0/16 in two zones; the database sits in a peered VPC, 10.20.0.0/16.
  const VPC = {
    subnets: [
      { cidr: '10.0.1.0/24', zone: 'us-east-1a' },
      { cidr: '10.0.2.0/24', zone: 'us-east-1b' },
      // A VPC may hold a publicly routable block: its addresses are in the VPC, so they are accepted.
      { cidr: '198.51.100.0/24', zone: 'us-east-1b' },
    ],
  };
  const register = (target: { Id: string; AvailabilityZone?: string }) =>
    client.send(new RegisterTargetsCommand({ TargetGroupArn: ORDERS_ARN, Targets: [target] }));
  const deregister = (target: { Id: string; AvailabilityZone?: string }) =>
    client.send(new DeregisterTargetsCommand({ TargetGroupArn: ORDERS_ARN, Targets: [target] }));
  const outcome = (call: Promise<unknown>) =>
    call.then(
      () => 'ok',
      (error: unknown) => {
        const { name, message } = error as Error;
        return `${name}: ${message}`;
      },
    );

  beforeEach(() => {
    emulator.createTargetGroup({ name: 'orders-writer', port: 5432, drainMs: 300_000, vpc: VPC });
  });

  it.each([
    ['in a subnet, no zone: detected', { Id: '10.0.2.7' }, 'ok'],
    ['in a subnet, its own zone', { Id: '10.0.2.7', AvailabilityZone: 'us-east-1b' }, 'ok'],
    [
      'in a subnet, all',
      { Id: '10.0.2.7', AvailabilityZone: 'all' },
      "ValidationError: The IP address '10.0.2.7' is within the VPC, and cannot have its Availability Zone overridden to 'all' from 'us-east-1b'",
    ],
    [
      'in a subnet, another zone',
      { Id: '10.0.1.7', AvailabilityZone: 'us-east-1b' },
      "ValidationError: The IP address '10.0.1.7' is within the VPC, and cannot have its Availability Zone overridden to 'us-east-1b' from 'us-east-1a'",
    ],
    [
      'peered VPC, no zone',
      { Id: '10.20.1.10' },
      "ValidationError: You must specify a valid Availability Zone or select 'all' for all enabled Availability zones, since the IP address '10.20.1.10' is outside the VPC",
    ],
    [
      'peered VPC, a zone the load balancer does not have',
      { Id: '10.20.1.10', AvailabilityZone: 'us-east-1f' },
      "ValidationError: You must specify a valid Availability Zone or select 'all' for all enabled Availability zones, since the IP address '10.20.1.10' is outside the VPC",
    ],
    ['peered VPC, all', { Id: '10.20.1.10', AvailabilityZone: 'all' }, 'ok'],
    ['peered VPC, an enabled zone', { Id: '10.20.1.10', AvailabilityZone: 'us-east-1a' }, 'ok'],
    ['100.64.0.0/10 outside the VPC, all', { Id: '100.64.3.4', AvailabilityZone: 'all' }, 'ok'],
    ['public, in the VPC', { Id: '198.51.100.9' }, 'ok'],
    [
      'public, outside the VPC, all',
      { Id: '203.0.113.10', AvailabilityZone: 'all' },
      "InvalidTargetException: The IP address '203.0.113.10' is outside the VPC and publicly routable: only RFC 1918 and 100.64.0.0/10 addresses can be registered from outside the VPC",
    ],
    [
      'public, outside the VPC, no zone',
      { Id: '203.0.113.10' },
      "InvalidTargetException: The IP address '203.0.113.10' is outside the VPC and publicly routable: only RFC 1918 and 100.64.0.0/10 addresses can be registered from outside the VPC",
    ],
  ])('RegisterTargets, %s', async (_case, target, expected) => {
    expect(await outcome(register(target))).toBe(expected);
  });

  it('reports the detected zone for a target in the VPC and the given one for a peered target', async () => {
    // Act
    await register({ Id: '10.0.2.7' });
    await register({ Id: '10.20.1.10', AvailabilityZone: 'all' });
    const rows = await describeHealth();

    // Assess
    expect(rows?.map((row) => row.Target)).toEqual([
      { Id: '10.0.2.7', Port: 5432, AvailabilityZone: 'us-east-1b' },
      { Id: '10.20.1.10', Port: 5432, AvailabilityZone: 'all' },
    ]);
  });

  it('refuses to deregister a peered target without its zone, and drains it with', async () => {
    // Prepare
    await register({ Id: '10.20.1.10', AvailabilityZone: 'all' });

    // Act
    const withoutZone = await outcome(deregister({ Id: '10.20.1.10' }));
    const stillThere = emulator.targets(ORDERS_ARN).map((t) => `${t.id} ${t.state}`);
    const withZone = await outcome(deregister({ Id: '10.20.1.10', AvailabilityZone: 'all' }));

    // Assess
    expect(withoutZone).toBe(
      "ValidationError: You must specify a valid Availability Zone or select 'all' for all enabled Availability zones, since the IP address '10.20.1.10' is outside the VPC",
    );
    expect(stillThere).toEqual(['10.20.1.10 healthy']);
    expect(withZone).toBe('ok');
    expect(emulator.targets(ORDERS_ARN).map((t) => `${t.id} ${t.state}`)).toEqual(['10.20.1.10 draining']);
  });

  it('answers a public IP outside the VPC with the modelled InvalidTargetException, 400', async () => {
    const error = await register({ Id: '203.0.113.10', AvailabilityZone: 'all' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTargetException);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });

  it('refuses a whole RegisterTargets call when one of its targets is refused', async () => {
    const result = await outcome(
      client.send(
        new RegisterTargetsCommand({
          TargetGroupArn: ORDERS_ARN,
          Targets: [{ Id: '10.0.1.5' }, { Id: '10.20.1.10' }],
        }),
      ),
    );
    expect(result).toMatch(/^ValidationError: /);
    expect(emulator.targets(ORDERS_ARN)).toEqual([]);
  });
});

describe('Elbv2Emulator fault injection', () => {
  it('answers an injected throttle as a Throttling error that changes nothing', async () => {
    // Prepare
    emulator.createTargetGroup({ name: 'orders-writer', port: 5432 });
    emulator.faults.inject({ action: 'RegisterTargets', kind: 'throttle', times: 1 });

    // Act
    const error = await failure(
      client.send(new RegisterTargetsCommand({ TargetGroupArn: ORDERS_ARN, Targets: [{ Id: '10.0.0.5' }] })),
    );

    // Assess
    expect(error).toBeInstanceOf(ElasticLoadBalancingV2ServiceException);
    expect(error).toMatchObject({
      name: 'Throttling',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400 },
    });
    expect(emulator.targets(ORDERS_ARN)).toEqual([]);
    expect(emulator.calls.map((call) => [call.action, call.errorCode])).toEqual([
      ['RegisterTargets', 'Throttling'],
    ]);
  });

  it('lets the SDK default retries get past one throttle', async () => {
    // Prepare
    emulator.createTargetGroup({ name: 'orders-writer', port: 5432 });
    emulator.faults.inject({ action: 'RegisterTargets', kind: 'throttle', times: 1 });
    const retrying = clientWith();

    // Act
    const output = await retrying.send(
      new RegisterTargetsCommand({ TargetGroupArn: ORDERS_ARN, Targets: [{ Id: '10.0.0.5' }] }),
    );
    retrying.destroy();

    // Assess
    expect(output.$metadata.attempts).toBe(2);
    expect(emulator.targets(ORDERS_ARN)).toEqual([
      { id: '10.0.0.5', port: 5432, availabilityZone: 'us-east-1a', state: 'healthy' },
    ]);
    expect(emulator.calls.map((call) => [call.action, call.errorCode])).toEqual([
      ['RegisterTargets', 'Throttling'],
      ['RegisterTargets', undefined],
    ]);
  });

  it('consumes faults in the order injected and only for their action', async () => {
    // Prepare
    emulator.createTargetGroup({ name: 'orders-writer', port: 5432 });
    emulator.faults.inject({ action: 'RegisterTargets', kind: 'throttle' });
    emulator.faults.inject({ action: 'RegisterTargets', kind: 'server-error' });
    emulator.faults.inject({ action: 'DeregisterTargets', kind: 'throttle' });
    const register = (): Promise<unknown> =>
      client.send(new RegisterTargetsCommand({ TargetGroupArn: ORDERS_ARN, Targets: [{ Id: '10.0.0.5' }] }));

    // Act
    const first = await failure(register());
    const second = await failure(register());
    await register();
    await describeHealth();

    // Assess
    expect(first).toMatchObject({ name: 'Throttling', $metadata: { httpStatusCode: 400 } });
    expect(second).toMatchObject({
      name: 'ServiceUnavailable',
      $fault: 'server',
      $metadata: { httpStatusCode: 503 },
    });
    expect(emulator.faults.pending()).toEqual([{ action: 'DeregisterTargets', kind: 'throttle', times: 1 }]);
  });

  it('holds the answer of a delayed call for delayMs, then answers normally', async () => {
    // Prepare
    emulator.createTargetGroup({ name: 'orders-writer', port: 5432 });
    emulator.faults.inject({ action: 'DescribeTargetHealth', kind: 'delay', delayMs: 250 });
    const startedAt = performance.now();

    // Act
    const rows = await describeHealth();
    const elapsedMs = performance.now() - startedAt;

    // Assess
    expect(rows).toEqual([]);
    expect(elapsedMs).toBeGreaterThanOrEqual(250);
    expect(emulator.faults.pending()).toEqual([]);
  });
});

describe('Elbv2Emulator hang fault and a bounded client', () => {
  it('never answers a hung call; the bounded client gives up after its attempts', async () => {
    // Prepare
    emulator.createTargetGroup({ name: 'orders-writer', port: 5432 });
    emulator.faults.inject({ action: 'RegisterTargets', kind: 'hang', times: 2 });
    const bounded = new ElasticLoadBalancingV2Client({
      endpoint: server.url,
      region: 'us-east-1',
      credentials,
      ...boundedClientConfig({ connectionTimeoutMs: 100, requestTimeoutMs: 200, maxAttempts: 2 }),
    });
    const startedAt = performance.now();

    // Act
    const error = await failure(
      bounded.send(new RegisterTargetsCommand({ TargetGroupArn: ORDERS_ARN, Targets: [{ Id: '10.0.0.5' }] })),
    );
    const elapsedMs = performance.now() - startedAt;
    bounded.destroy();

    // Assess: two attempts of 200 ms and a backoff of at most 100 ms; an upper bound with room for a busy machine
    expect(error).toMatchObject({ name: 'TimeoutError', $metadata: { attempts: 2 } });
    expect(elapsedMs).toBeLessThan(2000);
    expect(emulator.calls.map((call) => call.action)).toEqual(['RegisterTargets', 'RegisterTargets']);
    expect(emulator.targets(ORDERS_ARN)).toEqual([]);
  });
});

describe('startQueryServer', () => {
  it('refuses an unsigned request with MissingAuthenticationToken before it reaches the emulator', async () => {
    // Prepare
    emulator.createTargetGroup({ name: 'orders-writer', port: 5432 });

    // Act
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `Action=RegisterTargets&Version=2015-12-01&TargetGroupArn=${encodeURIComponent(ORDERS_ARN)}&Targets.member.1.Id=10.0.0.5`,
    });

    // Assess
    expect(response.status).toBe(403);
    expect(await response.text()).toBe(
      '<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">' +
        '<Error><Type>Sender</Type><Code>MissingAuthenticationToken</Code>' +
        '<Message>Request is missing Authentication Token</Message></Error>' +
        '<RequestId>lab-request-id</RequestId></ErrorResponse>',
    );
    expect(emulator.calls).toEqual([]);
    expect(emulator.targets(ORDERS_ARN)).toEqual([]);
  });

  it('is reachable through AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 with no endpoint option', async () => {
    // Prepare
    emulator.createTargetGroup({ name: 'orders-writer', port: 5432 });
    const previous = process.env['AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2'];
    process.env['AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2'] = server.url;
    const fromEnv = new ElasticLoadBalancingV2Client({ region: 'us-east-1', credentials, maxAttempts: 1 });

    // Act
    try {
      await fromEnv.send(
        new RegisterTargetsCommand({ TargetGroupArn: ORDERS_ARN, Targets: [{ Id: '10.0.0.5' }] }),
      );
    } finally {
      fromEnv.destroy();
      if (previous === undefined) delete process.env['AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2'];
      else process.env['AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2'] = previous;
    }

    // Assess
    expect(emulator.targets(ORDERS_ARN)).toEqual([
      { id: '10.0.0.5', port: 5432, availabilityZone: 'us-east-1a', state: 'healthy' },
    ]);
  });
});
