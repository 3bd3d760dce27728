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
import { flipAfterQueries } from '../support/dns-flip';

// The database's address is published in a private zone: `orders.db.internal` is a CNAME to
// `writer.db.internal`, whose A record the operators' tooling moves at failover. The cluster name's DNS
// is never moved in these tests: it lags for longer than any of them runs, so whatever moves the target
// group can only be the record, read through the Route 53 API.
const ENDPOINT = 'orders.cluster-c9lab0000001.us-east-1.rds.amazonaws.com';
const PRIMARY_IP = '10.20.1.10';
const STANDBY_IP = '10.20.2.20';

let lab: AwsLab | undefined;
afterEach(async () => {
  await lab?.close();
  lab = undefined;
});

/** The orders target group on the primary; the record already on the standby, DNS still on the primary. */
async function recordLeadsWorld(options: { prefer: 'api' | 'dns'; settleSeconds: number }) {
  const world = await startAwsLab();
  lab = world;
  const targetGroupArn = world.elbv2.createTargetGroup({
    name: 'orders',
    port: 5432,
    healthyAfterMs: 200,
    drainMs: 60_000,
  });
  world.elbv2.seedTarget(targetGroupArn, { id: PRIMARY_IP, port: 5432, state: 'healthy' });
  world.dns.setA(ENDPOINT, [PRIMARY_IP]);
  const zone = world.route53.createHostedZone('db.internal');
  world.route53.seed(zone, {
    name: 'orders.db.internal',
    type: 'CNAME',
    ttl: 5,
    values: ['writer.db.internal'],
  });
  world.route53.seed(zone, { name: 'writer.db.internal', type: 'A', ttl: 5, values: [STANDBY_IP] });
  const config = labConfig(world.dns.address, [
    {
      name: 'orders',
      endpoint: ENDPOINT,
      source: 'cluster',
      targetGroupArn,
      topicArn: world.sns.createTopic('db-failover'),
      route53Source: { hostedZoneId: zone, recordName: 'orders.db.internal', prefer: options.prefer },
      policy: `      settleSeconds: ${options.settleSeconds}
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
    invoke: (): Promise<Report> =>
      handleAwsInvocation(event, { getRemainingTimeInMillis: () => 60_000 }, runtime, ['rds-event']),
    targets: () =>
      world.elbv2
        .targets(targetGroupArn)
        .map((t) => `${t.id}:${t.port} ${t.state}`)
        .sort(),
    lists: () =>
      world.route53.calls
        .filter((c) => c.operation === 'ListResourceRecordSets')
        .map((c) => c.query?.name ?? ''),
  };
}

describe('the Route 53 record as a resolver source, over the wire', () => {
  it('swaps on the record, through its CNAME, while DNS still names the old primary (prefer: api)', async () => {
    // Prepare
    const world = await recordLeadsWorld({ prefer: 'api', settleSeconds: 20 });
    // Act
    const report = await world.invoke();
    // Assess
    const binding = report.bindings[0];
    expect(binding?.outcome).toBe('swapped');
    // The first resolution was enough: no settle poll waited for DNS.
    expect(binding?.settle).toEqual(expect.objectContaining({ polls: 1, changed: true }));
    expect(binding?.resolution.verdict).toEqual({
      dns: PRIMARY_IP,
      api: STANDBY_IP,
      winner: 'api',
      why: 'DNS and the Route 53 record disagree; policy prefers api',
    });
    // The CNAME was followed within the zone: one ListResourceRecordSets per name.
    expect(world.lists()).toEqual(['orders.db.internal.', 'writer.db.internal.']);
    expect(world.targets()).toEqual([`${PRIMARY_IP}:5432 draining`, `${STANDBY_IP}:5432 healthy`]);
    expect(world.lab.sns.published.map((m) => m.subject)).toEqual([
      `rds-failover-sync: orders swapped to ${STANDBY_IP} (was ${PRIMARY_IP})`,
    ]);
  });

  it('waits for DNS when the binding prefers it, and changes nothing while DNS has not moved (prefer: dns)', async () => {
    // Prepare
    const world = await recordLeadsWorld({ prefer: 'dns', settleSeconds: 0.5 });
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
      why: 'DNS and the Route 53 record disagree; policy prefers dns',
    });
    expect(world.lab.elbv2.calls.filter((c) => c.action === 'RegisterTargets')).toEqual([]);
    expect(world.targets()).toEqual([`${PRIMARY_IP}:5432 healthy`]);
  });

  it('swaps once DNS follows the record, not before (prefer: dns)', async () => {
    // Prepare: DNS moves after the settle wait has asked it three times
    const world = await recordLeadsWorld({ prefer: 'dns', settleSeconds: 20 });
    const flip = flipAfterQueries(world.lab.dns, ENDPOINT, [STANDBY_IP], 3);
    // Act
    const report = await world.invoke().finally(() => flip.stop());
    // Assess
    const binding = report.bindings[0];
    expect(binding?.outcome).toBe('swapped');
    expect(binding?.settle?.changed).toBe(true);
    // One DNS question per settle poll: every poll before the flip saw the old primary and the swap
    // waited; the poll after it saw DNS agree with the record.
    expect(flip.answeredBefore()).toBeGreaterThanOrEqual(3);
    expect(binding?.settle?.polls).toBe(flip.answeredBefore() + 1);
    expect(binding?.resolution.verdict).toEqual({
      dns: STANDBY_IP,
      api: STANDBY_IP,
      winner: 'both',
      why: 'DNS and the Route 53 record agree',
    });
    const register = world.lab.elbv2.calls.filter((c) => c.action === 'RegisterTargets');
    expect(register).toHaveLength(1);
    expect(register[0]?.at).toBeGreaterThanOrEqual(flip.flippedAt() ?? Number.POSITIVE_INFINITY);
    expect(world.targets()).toEqual([`${PRIMARY_IP}:5432 draining`, `${STANDBY_IP}:5432 healthy`]);
  });
});
