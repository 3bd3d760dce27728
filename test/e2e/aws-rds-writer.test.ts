import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_CONSISTENCY_MS } from '../../lab/consistency';
import { startAwsLab } from '../../lab/aws-lab';
import type { AwsLab } from '../../lab/aws-lab';
import { labConfig } from '../../lab/aws-bindings';
import type { Report } from '../../shared/core/report';
import { createLogger } from '../../shared/log/logger';
import { createAwsRuntime } from '../../shared/platform/aws';
import { handleAwsInvocation } from '../../shared/platform/aws-handler';

// An Aurora cluster fails over from instance 1 to instance 2 (the sample event names orders-instance-2).
// The cluster CNAME is never moved in these tests: it lags for longer than any of them runs, so
// whatever moves the target group can only be the RDS API's answer.
const CLUSTER_ENDPOINT = 'orders.cluster-c9lab0000001.us-east-1.rds.amazonaws.com';
const ONE = {
  instance: 'orders-instance-1',
  address: 'orders-instance-1.c9lab0000001.us-east-1.rds.amazonaws.com',
};
const TWO = {
  instance: 'orders-instance-2',
  address: 'orders-instance-2.c9lab0000001.us-east-1.rds.amazonaws.com',
};
const PRIMARY_IP = '10.20.1.10';
const STANDBY_IP = '10.20.2.20';

let lab: AwsLab | undefined;
afterEach(async () => {
  await lab?.close();
  lab = undefined;
});

async function auroraWorld(
  options: { prefer?: 'api' | 'dns'; settleSeconds?: number; clusterInLab?: boolean } = {},
) {
  const world = await startAwsLab();
  lab = world;
  const targetGroupArn = world.elbv2.createTargetGroup({
    name: 'orders',
    port: 5432,
    healthyAfterMs: 200,
    drainMs: 60_000,
  });
  const topicArn = world.sns.createTopic('db-failover');
  world.elbv2.seedTarget(targetGroupArn, { id: PRIMARY_IP, port: 5432, state: 'healthy' });
  world.dns.setCname(CLUSTER_ENDPOINT, ONE.address);
  world.dns.setA(ONE.address, [PRIMARY_IP]);
  world.dns.setA(TWO.address, [STANDBY_IP]);
  if (options.clusterInLab ?? true) {
    world.rds.createCluster({ id: 'orders', endpoint: CLUSTER_ENDPOINT, members: [ONE, TWO] });
  }
  const config = labConfig(world.dns.address, [
    {
      name: 'orders',
      endpoint: CLUSTER_ENDPOINT,
      source: 'cluster',
      targetGroupArn,
      topicArn,
      awsRdsWriter: { cluster: 'orders', prefer: options.prefer ?? 'api' },
      policy: `      settleSeconds: ${options.settleSeconds ?? 20}
      settlePollMs: 100
      healthPollMs: 50
      healthTimeoutSeconds: 5`,
    },
  ]);
  const runtime = createAwsRuntime(config, {
    consistencyMs: LAB_CONSISTENCY_MS,
    log: createLogger({ write: () => undefined }),
  });
  const event: unknown = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'events', 'aws-sns-cluster-failover.json'), 'utf8'),
  );
  return {
    lab: world,
    targetGroupArn,
    invoke: (): Promise<Report> =>
      handleAwsInvocation(event, { getRemainingTimeInMillis: () => 60_000 }, runtime, ['rds-event']),
    targets: () =>
      world.elbv2
        .targets(targetGroupArn)
        .map((t) => `${t.id}:${t.port} ${t.state}`)
        .sort(),
    rdsCalls: () =>
      world.rds.calls.map(
        (c) => `${c.action} ${c.params.DBClusterIdentifier ?? c.params.DBInstanceIdentifier}`,
      ),
  };
}

describe('the writer from the RDS API, over the wire', () => {
  it('swaps on the first answer while the cluster CNAME still names the old writer', async () => {
    // Prepare
    const world = await auroraWorld();
    world.lab.rds.failover('orders', TWO.instance);
    // Act
    const report = await world.invoke();
    // Assess
    const binding = report.bindings[0];
    expect(binding?.outcome).toBe('swapped');
    // One resolution was enough: no settle poll waited for DNS.
    expect(binding?.settle).toEqual(expect.objectContaining({ polls: 1, changed: true }));
    expect(binding?.resolution.verdict).toEqual({
      dns: PRIMARY_IP,
      api: STANDBY_IP,
      winner: 'api',
      why: 'DNS and the RDS API disagree; policy prefers api',
    });
    // The event's instance reached the lookup as its hint, and the API confirmed it.
    expect(binding?.resolution.ok && binding.resolution.server).toMatch(
      /^aws-rds-api \(writer orders-instance-2 of orders, as the event said\), DNS 127\.0\.0\.1:\d+$/,
    );
    // No other instance was asked about.
    expect(world.rdsCalls().sort()).toEqual([
      'DescribeDBClusters orders',
      'DescribeDBInstances orders-instance-2',
    ]);
    expect(world.targets()).toEqual([`${PRIMARY_IP}:5432 draining`, `${STANDBY_IP}:5432 healthy`]);
  });

  it('keeps polling through the writerless window, then swaps from the API, refusing nothing', async () => {
    // Prepare: the first two DescribeDBClusters answers list no writer.
    const world = await auroraWorld();
    world.lab.rds.failover('orders', TWO.instance, { writerlessDescribes: 2 });
    // Act
    const report = await world.invoke();
    // Assess
    const binding = report.bindings[0];
    expect(binding?.outcome).toBe('swapped');
    expect(binding?.settle).toEqual(expect.objectContaining({ polls: 3, changed: true }));
    expect(binding?.resolution.verdict?.winner).toBe('api');
    const describes = world.lab.rds.calls.filter((c) => c.action === 'DescribeDBClusters');
    const register = world.lab.elbv2.calls.filter((c) => c.action === 'RegisterTargets');
    expect(describes).toHaveLength(3);
    expect(register).toHaveLength(1);
    expect(register[0]?.at).toBeGreaterThanOrEqual(describes[2]?.at ?? Number.POSITIVE_INFINITY);
    expect(world.lab.sns.published.map((m) => m.subject)).toEqual([
      `rds-failover-sync: orders swapped to ${STANDBY_IP} (was ${PRIMARY_IP})`,
    ]);
  });

  it('waits for DNS when the binding prefers it, and changes nothing while DNS has not moved', async () => {
    // Prepare
    const world = await auroraWorld({ prefer: 'dns', settleSeconds: 0.5 });
    world.lab.rds.failover('orders', TWO.instance);
    // Act
    const report = await world.invoke();
    // Assess
    const binding = report.bindings[0];
    expect(binding?.outcome).toBe('in-sync');
    expect(binding?.settle?.changed).toBe(false);
    expect(binding?.resolution.verdict).toEqual({
      dns: PRIMARY_IP,
      api: STANDBY_IP,
      winner: 'dns',
      why: 'DNS and the RDS API disagree; policy prefers dns',
    });
    expect(world.lab.elbv2.calls.filter((c) => c.action === 'RegisterTargets')).toEqual([]);
    expect(world.targets()).toEqual([`${PRIMARY_IP}:5432 healthy`]);
  });

  it('falls back to DNS when the cluster does not exist, saying why', async () => {
    // Prepare: DNS has moved; the API is asked about a cluster it does not know.
    const world = await auroraWorld({ clusterInLab: false });
    world.lab.dns.setCname(CLUSTER_ENDPOINT, TWO.address);
    // Act
    const report = await world.invoke();
    // Assess
    const binding = report.bindings[0];
    expect(binding?.outcome).toBe('swapped');
    expect(binding?.resolution.verdict).toEqual({
      dns: STANDBY_IP,
      api: 'error',
      winner: 'dns',
      why: 'the RDS API failed; DNS answered',
    });
    // The event's instance, fetched ahead, is unknown as well.
    expect(world.lab.rds.calls.map((c) => `${c.action} ${c.errorCode ?? 'ok'}`).sort()).toEqual([
      'DescribeDBClusters DBClusterNotFoundFault',
      'DescribeDBInstances DBInstanceNotFound',
    ]);
  });
});
