import { ReconcileFailedError } from '../../shared/platform/failed-error';
import { labWorld, PRIMARY_IP, STANDBY_IP } from '../support/aws-lab-world';
import type { LabWorld } from '../support/aws-lab-world';
import { flipAfterQueries } from '../support/dns-flip';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { handleAwsInvocation } from '../../shared/platform/aws-handler';

interface EventBridgeRdsEvent {
  readonly time: string;
  readonly region: string;
  readonly detail: {
    readonly SourceType: string;
    readonly SourceArn: string;
    readonly SourceIdentifier: string;
    readonly EventID: string;
    readonly Message: string;
    readonly Date: string;
  };
}

const eventFile = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'events', name), 'utf8'));

/**
 * The same RDS event as an RDS event subscription delivers it through SNS to Lambda: the fields of the
 * EventBridge `detail` under the names of the SNS message (the shape of events/aws-sns-cluster-failover.json).
 */
function snsDeliveryOf(event: EventBridgeRdsEvent): unknown {
  const { detail } = event;
  const message = {
    'Event Source': detail.SourceType === 'CLUSTER' ? 'db-cluster' : 'db-instance',
    'Event Time': detail.Date.replace('T', ' ').replace('Z', ''),
    'Identifier Link': `https://console.aws.amazon.com/rds/home?region=${event.region}#dbclusters:id=${detail.SourceIdentifier}`,
    'Source ID': detail.SourceIdentifier,
    'Source ARN': detail.SourceArn,
    'Event ID': `http://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.html#${detail.EventID}`,
    'Event Message': detail.Message,
  };
  const sns = (eventFile('aws-sns-cluster-failover.json') as { Records: [{ Sns: object }] }).Records[0];
  return {
    Records: [{ ...sns, Sns: { ...sns.Sns, Message: JSON.stringify(message), Timestamp: event.time } }],
  };
}

let world: LabWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** The calls that change a target group: the describes (health, and the group's health check) left out. */
const changeCalls = (w: LabWorld) =>
  w.lab.elbv2.calls.filter((c) => !c.action.startsWith('Describe')).map((c) => c.action);

describe('AWS path over the wire', () => {
  it('follows a cluster failover: add, wait healthy, remove, alert', async () => {
    // Prepare
    world = await labWorld({ name: 'orders' });
    world.lab.dns.setA(world.endpoint, [STANDBY_IP]);
    // Act
    const report = await world.invoke('aws-sns-cluster-failover.json', ['rds-event']);
    // Assess
    expect(world.targets()).toEqual([`${PRIMARY_IP}:5432 draining`, `${STANDBY_IP}:5432 healthy`]);
    expect(changeCalls(world)).toEqual(['RegisterTargets', 'DeregisterTargets']);
    expect(report.outcomes).toEqual({ swapped: 1 });
    expect(world.lab.sns.published.map((m) => m.subject)).toEqual([
      `rds-failover-sync: orders swapped to ${STANDBY_IP} (was ${PRIMARY_IP})`,
    ]);
  });

  it('follows an instance failover delivered by EventBridge', async () => {
    world = await labWorld({ name: 'inventory' });
    world.lab.dns.setA(world.endpoint, [STANDBY_IP]);
    const report = await world.invoke('aws-eventbridge-instance-failover.json', ['rds-event']);
    expect(world.targets()).toEqual([`${PRIMARY_IP}:5432 draining`, `${STANDBY_IP}:5432 healthy`]);
    expect(report.bindings.map((b) => [b.binding, b.outcome])).toEqual([['inventory', 'swapped']]);
  });

  it('waits for DNS that lags the event by several polls', async () => {
    // Prepare: the event arrives while DNS still names the primary; it moves after three answers
    world = await labWorld({ name: 'orders', settleSeconds: 20 });
    const flip = flipAfterQueries(world.lab.dns, world.endpoint, [STANDBY_IP], 3);
    // Act
    const report = await world
      .invoke('aws-sns-cluster-failover.json', ['rds-event'])
      .finally(() => flip.stop());
    // Assess
    const settle = report.bindings[0]?.settle;
    expect(settle?.changed).toBe(true);
    // Asked again and again, a fresh query each time: three polls got the primary, a later one the
    // standby (how many the flip lagged by depends on how busy the machine is, hence the bound).
    expect(settle?.polls).toBeGreaterThanOrEqual(4);
    expect(settle?.polls).toBeGreaterThan(flip.answeredBefore());
    // Nothing was registered before DNS moved, by the emulator's own clock.
    const register = world.lab.elbv2.calls.find((c) => c.action === 'RegisterTargets');
    expect(register?.at).toBeGreaterThanOrEqual(flip.flippedAt() ?? Number.POSITIVE_INFINITY);
    expect(world.targets()).toEqual([`${PRIMARY_IP}:5432 draining`, `${STANDBY_IP}:5432 healthy`]);
  });

  it('repairs drift on a schedule, with no event', async () => {
    world = await labWorld({ name: 'orders' });
    world.lab.dns.setA(world.endpoint, [STANDBY_IP]);
    const report = await world.invoke('aws-schedule.json', ['schedule', 'manual']);
    expect(report.bindings[0]?.settle).toBeUndefined();
    expect(world.targets()).toEqual([`${PRIMARY_IP}:5432 draining`, `${STANDBY_IP}:5432 healthy`]);
  });

  it('dry run changes nothing and prints what apply would do', async () => {
    world = await labWorld({ name: 'orders' });
    world.lab.dns.setA(world.endpoint, [STANDBY_IP]);
    const report = await world.invoke('manual-dry-run.json', ['schedule', 'manual']);
    expect(changeCalls(world)).toEqual([]);
    expect(world.targets()).toEqual([`${PRIMARY_IP}:5432 healthy`]);
    expect(world.lab.sns.published).toEqual([]);
    expect(report.bindings[0]?.outcome).toBe('drift');
    expect(report.bindings[0]?.pools[0]?.actions.map((a) => `${a.action} ${a.targets.join(',')}`)).toEqual([
      `register ${STANDBY_IP}:5432`,
      `wait-healthy ${STANDBY_IP}:5432`,
      `deregister ${PRIMARY_IP}:5432`,
    ]);
  });

  it('refuses an empty DNS answer: the primary stays, the alert goes out, the handler throws', async () => {
    world = await labWorld({ name: 'orders' });
    world.lab.dns.setFault(world.endpoint, 'empty');
    const error = await world.invoke('aws-schedule.json', ['schedule']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReconcileFailedError);
    expect(changeCalls(world)).toEqual([]);
    expect(world.targets()).toEqual([`${PRIMARY_IP}:5432 healthy`]);
    expect(world.lab.sns.published.map((m) => m.subject)).toEqual([
      'rds-failover-sync: orders REFUSED: resolution-failed',
    ]);
  });

  it('refuses an answer outside the allowed CIDRs', async () => {
    world = await labWorld({ name: 'orders' });
    world.lab.dns.setA(world.endpoint, ['203.0.113.50']);
    const error = await world.invoke('aws-schedule.json', ['schedule']).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      '1 binding(s) need attention: orders refused (refused: outside-allowed-cidrs: 203.0.113.50 outside the allowed CIDRs 10.20.0.0/16)',
    );
    expect(changeCalls(world)).toEqual([]);
    expect(world.lab.sns.published.map((m) => m.subject)).toEqual([
      'rds-failover-sync: orders REFUSED: outside-allowed-cidrs',
    ]);
  });

  it('waits past a poisoned answer during a failover: alerts it at once, then swaps to the valid one', async () => {
    // Prepare: DNS answers a public address for three polls, then the standby
    world = await labWorld({ name: 'orders', settleSeconds: 20 });
    world.lab.dns.setA(world.endpoint, ['203.0.113.50']);
    const flip = flipAfterQueries(world.lab.dns, world.endpoint, [STANDBY_IP], 3);
    // Act
    const report = await world
      .invoke('aws-sns-cluster-failover.json', ['rds-event'])
      .finally(() => flip.stop());
    // Assess: one run, both the refusal it saw and the swap
    const [binding] = report.bindings;
    expect(binding?.outcome).toBe('swapped');
    expect(binding?.settle?.changed).toBe(true);
    expect(binding?.settle?.refused?.first).toEqual({
      reason: 'outside-allowed-cidrs',
      detail: '203.0.113.50 outside the allowed CIDRs 10.20.0.0/16',
    });
    expect(binding?.settle?.refused?.addresses).toEqual(['203.0.113.50']);
    // Every poll before the flip got the poisoned answer; how many depends on the machine's speed.
    expect(binding?.settle?.refused?.polls).toBeGreaterThanOrEqual(3);
    expect(binding?.settle?.refused?.polls).toBeLessThanOrEqual(flip.answeredBefore());
    expect(changeCalls(world)).toEqual(['RegisterTargets', 'DeregisterTargets']);
    expect(world.targets()).toEqual([`${PRIMARY_IP}:5432 draining`, `${STANDBY_IP}:5432 healthy`]);
    // The security alert (sent while the wait went on: which lands first is the machine's business) and
    // the swap's
    expect(world.lab.sns.published.map((m) => m.subject).sort()).toEqual([
      'rds-failover-sync: orders REFUSED DNS ANSWER: outside-allowed-cidrs, still waiting',
      `rds-failover-sync: orders swapped to ${STANDBY_IP} (was ${PRIMARY_IP})`,
    ]);
    expect(binding?.alerts.sent).toEqual([
      world.lab.sns.published[0]?.topicArn,
      world.lab.sns.published[0]?.topicArn,
    ]);
  });

  it('makes no second change when the same event arrives twice', async () => {
    // The second delivery waits out its settle window (DNS never moves again): keep it short.
    world = await labWorld({ name: 'orders', settleSeconds: 1 });
    world.lab.dns.setA(world.endpoint, [STANDBY_IP]);
    await world.invoke('aws-sns-cluster-failover.json', ['rds-event']);
    const second = await world.invoke('aws-eventbridge-cluster-failover.json', ['rds-event']);
    expect(changeCalls(world)).toEqual(['RegisterTargets', 'DeregisterTargets']);
    expect(second.outcomes).toEqual({ 'in-sync': 1 });
    expect(world.lab.sns.published).toHaveLength(1);
  });

  it('makes one change and one alert when SNS and EventBridge deliver the same failover at once', async () => {
    // Prepare: a stack wired to both paths (an RDS event topic and the default bus) hears each failover
    // twice, at the same moment
    const racing = await labWorld({ name: 'orders', healthyAfterMs: 300 });
    world = racing;
    world.lab.dns.setA(world.endpoint, [STANDBY_IP]);
    const viaEventBridge = eventFile('aws-eventbridge-cluster-failover.json') as EventBridgeRdsEvent;
    const viaSns = snsDeliveryOf(viaEventBridge);
    const invoke = (event: unknown) =>
      handleAwsInvocation(event, { getRemainingTimeInMillis: () => 60_000 }, racing.runtime, ['rds-event']);
    // Act
    const reports = await Promise.all([invoke(viaSns), invoke(viaEventBridge)]);
    // Assess: the same event, each path
    expect(reports.map((r) => r.trigger).sort()).toEqual([
      'RDS event via eventbridge: RDS-EVENT-0071 on cluster orders (Completed failover to DB instance: orders-instance-2)',
      'RDS event via sns: RDS-EVENT-0071 on cluster orders (Completed failover to DB instance: orders-instance-2)',
    ]);
    expect(world.targets()).toEqual([`${PRIMARY_IP}:5432 draining`, `${STANDBY_IP}:5432 healthy`]);
    // Single flight: one run holds the pool's lease and swaps; the other waits for it, then finds the
    // pool where it must be. One change, one alert.
    expect(reports.map((r) => r.bindings[0]?.outcome).sort()).toEqual(['in-sync', 'swapped']);
    const actions = world.lab.elbv2.calls.map((c) => c.action);
    expect(actions.filter((a) => a === 'RegisterTargets')).toHaveLength(1);
    expect(actions.filter((a) => a === 'DeregisterTargets')).toHaveLength(1);
    expect(actions.indexOf('DeregisterTargets')).toBeGreaterThan(actions.indexOf('RegisterTargets'));
    expect(world.lab.sns.published).toHaveLength(1);
    // The lease went over the wire to DynamoDB: one record for the pool, released, its journal
    // holding the add before the removal.
    const [record, ...others] = world.lab.dynamodb.items(world.lab.leaseTable);
    expect(others).toEqual([]);
    expect(record?.['pool']).toEqual({ S: 'aws-elbv2 targetgroup/orders/0000000000000001' });
    expect(record?.['expiresAtMs']).toEqual({ N: '0' });
    const intents = JSON.parse((record?.['intents'] as { S: string }).S) as { op: string; key: string }[];
    expect(intents.map((i) => `${i.op} ${i.key}`)).toEqual([
      `add ${STANDBY_IP}:5432`,
      `remove ${PRIMARY_IP}:5432`,
    ]);
  });

  it('rides out a throttled RegisterTargets with the SDK retry', async () => {
    world = await labWorld({ name: 'orders' });
    world.lab.dns.setA(world.endpoint, [STANDBY_IP]);
    world.lab.elbv2.faults.inject({ action: 'RegisterTargets', kind: 'throttle', times: 1 });
    const report = await world.invoke('aws-schedule.json', ['schedule']);
    expect(report.outcomes).toEqual({ swapped: 1 });
    expect(
      world.lab.elbv2.calls.filter((c) => c.action === 'RegisterTargets').map((c) => c.errorCode),
    ).toEqual(['Throttling', undefined]);
  });

  it('logs JSON lines only, and never the credentials it signs with (invariant 8)', async () => {
    world = await labWorld({ name: 'orders' });
    world.lab.dns.setA(world.endpoint, [STANDBY_IP]);
    await world.invoke('aws-sns-cluster-failover.json', ['rds-event']);
    expect(world.logLines.length).toBeGreaterThan(5);
    for (const line of world.logLines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const all = world.logLines.join('\n');
    expect(all).not.toContain(process.env.AWS_SECRET_ACCESS_KEY ?? 'unset');
    expect(all).not.toContain(process.env.AWS_ACCESS_KEY_ID ?? 'unset');
  });
});
