import { LAB_CONSISTENCY_MS } from '../../lab/consistency';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAwsLab } from '../../lab/aws-lab';
import type { AwsLab } from '../../lab/aws-lab';
import { labConfig } from '../../lab/aws-bindings';
import { createLogger } from '../../shared/log/logger';
import { createAwsRuntime } from '../../shared/platform/aws';
import { handleAwsInvocation } from '../../shared/platform/aws-handler';
import { ReconcileFailedError } from '../../shared/platform/failed-error';

const PRIMARY_IP = '10.20.1.10';
const STANDBY_IP = '10.20.2.20';
const ENDPOINT = 'orders.cluster-c9lab0000001.us-east-1.rds.amazonaws.com';
const OTHER_ACCOUNT_ROLE = 'arn:aws:iam::210987654321:role/rds-failover-sync-records';

let lab: AwsLab | undefined;
afterEach(async () => {
  await lab?.close();
  lab = undefined;
});

/** The lab with the orders cluster on its primary, a target group and `orders.db.internal` on it. */
async function world(options: { recordPool: (zone: string) => string; zoneAccount?: string }) {
  lab = await startAwsLab();
  const targetGroupArn = lab.elbv2.createTargetGroup({
    name: 'orders',
    port: 5432,
    healthyAfterMs: 200,
    drainMs: 60_000,
  });
  lab.elbv2.seedTarget(targetGroupArn, { id: PRIMARY_IP, port: 5432, state: 'healthy' });
  const zone = lab.route53.createHostedZone('db.internal', options.zoneAccount);
  lab.route53.seed(zone, { name: 'orders.db.internal', type: 'A', ttl: 5, values: [PRIMARY_IP] });
  lab.dns.setA(ENDPOINT, [STANDBY_IP]);
  const config = labConfig(lab.dns.address, [
    {
      name: 'orders',
      endpoint: ENDPOINT,
      source: 'cluster',
      targetGroupArn,
      topicArn: lab.sns.createTopic('db-failover'),
      policy:
        '      settleSeconds: 6\n      settlePollMs: 100\n      healthPollMs: 50\n      healthTimeoutSeconds: 5',
      extraPools: [options.recordPool(zone)],
    },
  ]);
  const runtime = createAwsRuntime(config, {
    consistencyMs: LAB_CONSISTENCY_MS,
    changePollMs: 50,
    log: createLogger({ write: () => undefined }),
  });
  const event: unknown = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'events', 'aws-sns-cluster-failover.json'), 'utf8'),
  );
  const invoke = () =>
    handleAwsInvocation(event, { getRemainingTimeInMillis: () => 60_000 }, runtime, ['rds-event']);
  return { lab, zone, invoke };
}

const changeCalls = (l: AwsLab) =>
  l.route53.calls.filter((c) => c.operation === 'ChangeResourceRecordSets').map((c) => c.changes);

describe('Route 53 record pool over the wire', () => {
  it('swaps the record in one UPSERT, waits for INSYNC, and the record never holds both addresses', async () => {
    // Prepare
    const w = await world({
      recordPool: (zone) =>
        `{ aws-route53-record: { hostedZoneId: ${zone}, recordName: orders.db.internal } }`,
    });
    w.lab.route53.calls.length = 0;
    // Act
    const report = await w.invoke();
    // Assess
    expect(changeCalls(w.lab)).toEqual([
      [
        {
          action: 'UPSERT',
          set: { name: 'orders.db.internal.', type: 'A', ttl: 5, values: [STANDBY_IP] },
        },
      ],
    ]);
    expect(w.lab.route53.history.get(`${w.zone} orders.db.internal. A`)).toEqual([
      [PRIMARY_IP],
      [STANDBY_IP],
    ]);
    const operations = w.lab.route53.calls.map((c) => c.operation);
    expect(operations.filter((o) => o === 'ChangeResourceRecordSets')).toHaveLength(1);
    // After the change, GetChange until INSYNC (1.5 s in the lab), then a last look at the record.
    expect(operations.slice(operations.indexOf('ChangeResourceRecordSets') + 1).at(-2)).toBe('GetChange');
    const record = report.bindings[0]?.pools.find((p) => p.pool.startsWith('aws-route53-record'));
    expect(record?.outcome).toBe('swapped');
    expect(record?.actions.map((a) => `${a.action} ${a.targets.join(',')}`)).toEqual([
      `replace ${STANDBY_IP}`,
    ]);
    // Nothing failed: the report says what happened to the record, not a relay's "(failing)".
    expect(record?.actions.map((a) => a.result)).toEqual([
      `replaced ${PRIMARY_IP} with ${STANDBY_IP} in one UPSERT`,
    ]);
    expect(report.outcomes).toEqual({ swapped: 1 });
  });

  it('reports a record somebody pointed outside the allowed CIDRs, and leaves it', async () => {
    const w = await world({
      recordPool: (zone) =>
        `{ aws-route53-record: { hostedZoneId: ${zone}, recordName: orders.db.internal } }`,
    });
    w.lab.route53.seed(w.zone, { name: 'orders.db.internal', type: 'A', ttl: 5, values: ['192.0.2.7'] });
    const error = await w.invoke().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReconcileFailedError);
    expect(changeCalls(w.lab)).toEqual([]);
    expect(w.lab.route53.recordSets(w.zone, 'orders.db.internal')[0]?.values).toEqual(['192.0.2.7']);
    const record = (error as ReconcileFailedError).report.bindings[0]?.pools.find((p) =>
      p.pool.startsWith('aws-route53-record'),
    );
    expect(record?.reason).toBe(
      'the record holds 192.0.2.7, outside the allowed CIDRs 10.20.0.0/16: not overwritten (onForeignRecord: report); the record holds 192.0.2.7, outside the allowed CIDRs 10.20.0.0/16',
    );
  });

  it('manages a zone in another account through the role it assumes, with its external id', async () => {
    const w = await world({
      zoneAccount: '210987654321',
      recordPool: (zone) =>
        `{ aws-route53-record: { hostedZoneId: ${zone}, recordName: orders.db.internal, roleArn: "${OTHER_ACCOUNT_ROLE}", externalId: orders-sync-7 } }`,
    });
    w.lab.sts.trust({ roleArn: OTHER_ACCOUNT_ROLE, externalId: 'orders-sync-7' });
    const report = await w.invoke();
    expect(w.lab.route53.recordSets(w.zone, 'orders.db.internal')[0]?.values).toEqual([STANDBY_IP]);
    // One AssumeRole serves the describe, the UPSERT and every GetChange.
    expect(w.lab.sts.calls.map((c) => [c.action, c.params.RoleArn, c.params.ExternalId])).toEqual([
      ['AssumeRole', OTHER_ACCOUNT_ROLE, 'orders-sync-7'],
    ]);
    expect(report.outcomes).toEqual({ swapped: 1 });
  });

  it('fails the record pool, loudly, when the other account does not trust the role', async () => {
    const w = await world({
      zoneAccount: '210987654321',
      recordPool: (zone) =>
        `{ aws-route53-record: { hostedZoneId: ${zone}, recordName: orders.db.internal, roleArn: "${OTHER_ACCOUNT_ROLE}", externalId: wrong-id } }`,
    });
    w.lab.sts.trust({ roleArn: OTHER_ACCOUNT_ROLE, externalId: 'orders-sync-7' });
    const error = await w.invoke().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReconcileFailedError);
    const record = (error as ReconcileFailedError).report.bindings[0]?.pools.find((p) =>
      p.pool.startsWith('aws-route53-record'),
    );
    expect(record?.outcome).toBe('failed');
    expect(record?.reason).toBe(
      `describe on aws-route53-record ${w.zone}/orders.db.internal. failed: AssumeRoleFailedError: could not assume ${OTHER_ACCOUNT_ROLE}: AccessDenied`,
    );
    expect(w.lab.route53.recordSets(w.zone, 'orders.db.internal')[0]?.values).toEqual([PRIMARY_IP]);
  });
});
