import { labWorld, PRIMARY_IP, STANDBY_IP } from '../support/aws-lab-world';
import type { LabWorld } from '../support/aws-lab-world';

const DELAY = 'deregistration_delay.timeout_seconds';
const TERMINATION = 'deregistration_delay.connection_termination.enabled';

let world: LabWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const openOnPrimary = (w: LabWorld, count: number) => {
  for (let i = 0; i < count; i += 1) w.lab.elbv2.openConnection(w.targetGroupArn);
};
const changeCalls = (w: LabWorld) =>
  w.lab.elbv2.calls.filter((c) => !c.action.startsWith('Describe')).map((c) => c.action);

describe('onSwap.clientConnections over the wire (AWS)', () => {
  it('close: sets termination and a short delay before the swap, so the old writer loses its clients', async () => {
    // Prepare: AWS's defaults, 300 s and no termination; three pooled connections on the primary
    world = await labWorld({
      onSwap: '{ clientConnections: close, deregistrationDelaySeconds: 30 }',
      attributes: { [DELAY]: '300' },
    });
    openOnPrimary(world, 3);
    world.lab.dns.setA(world.endpoint, [STANDBY_IP]);

    // Act
    const report = await world.invoke('aws-sns-cluster-failover.json', ['rds-event']);

    // Assess
    expect(changeCalls(world)).toEqual([
      'ModifyTargetGroupAttributes',
      'RegisterTargets',
      'DeregisterTargets',
    ]);
    expect(world.lab.elbv2.attributes(world.targetGroupArn)).toMatchObject({
      [DELAY]: '30',
      [TERMINATION]: 'true',
    });
    const deregisteredAt = world.lab.elbv2.calls.find((c) => c.action === 'DeregisterTargets')?.at ?? NaN;
    // Each connection to the old writer ends when the 30 s delay after its deregistration does: counted
    // from when the call took effect, a few milliseconds after it arrived (`at`) on a busy machine.
    const connections = world.lab.elbv2.connections(world.targetGroupArn);
    expect(connections.map((c) => c.target)).toEqual([
      `${PRIMARY_IP}:5432`,
      `${PRIMARY_IP}:5432`,
      `${PRIMARY_IP}:5432`,
    ]);
    for (const { closesAt } of connections) {
      expect(closesAt).toBeGreaterThanOrEqual(deregisteredAt + 30_000);
      expect(closesAt).toBeLessThan(deregisteredAt + 31_000);
    }
    const pool = report.bindings[0]?.pools[0];
    expect(pool?.connections).toEqual({
      policy: 'close',
      seen: { closesConnections: false, delaySeconds: 300 },
      wanted: { closesConnections: true, delaySeconds: 30 },
      result: 'set',
      detail: 'connections are not closed on deregistration; deregistration delay is 300 s, not 30 s',
    });
    expect(world.lab.sns.published.map((m) => m.subject)).toEqual([
      `rds-failover-sync: orders swapped to ${STANDBY_IP} (was ${PRIMARY_IP})`,
    ]);
  });

  it('close: in a steady state, drifted settings are repaired once, with one alert', async () => {
    // Prepare: DNS still names the primary, nothing to swap
    world = await labWorld({
      onSwap: '{ clientConnections: close, deregistrationDelaySeconds: 30 }',
      attributes: { [DELAY]: '300' },
    });

    // Act
    const first = await world.invoke('aws-schedule.json', ['schedule']);
    const second = await world.invoke('aws-schedule.json', ['schedule']);

    // Assess
    expect(first.outcomes).toEqual({ swapped: 1 });
    expect(second.outcomes).toEqual({ 'in-sync': 1 });
    expect(changeCalls(world)).toEqual(['ModifyTargetGroupAttributes']);
    expect(world.lab.sns.published.map((m) => m.subject)).toEqual([
      'rds-failover-sync: orders connection settings set: close after 30 s',
    ]);
  });

  it('report-only: drifted settings are reported, never changed', async () => {
    // Prepare
    world = await labWorld({
      onSwap: '{ clientConnections: close }',
      policy: '      mode: report-only',
      attributes: { [DELAY]: '300' },
    });

    // Act
    const report = await world.invoke('aws-schedule.json', ['schedule']);

    // Assess
    expect(report.outcomes).toEqual({ drift: 1 });
    expect(changeCalls(world)).toEqual([]);
    expect(report.bindings[0]?.pools[0]?.connections?.result).toBe('would-set');
    expect(world.lab.elbv2.attributes(world.targetGroupArn)).toMatchObject({
      [DELAY]: '300',
      [TERMINATION]: 'false',
    });
  });

  it('leave (the default): the swap changes no setting and the clients stay on the old writer', async () => {
    // Prepare
    world = await labWorld({ attributes: { [DELAY]: '300' } });
    openOnPrimary(world, 2);
    world.lab.dns.setA(world.endpoint, [STANDBY_IP]);

    // Act
    const report = await world.invoke('aws-sns-cluster-failover.json', ['rds-event']);

    // Assess
    expect(changeCalls(world)).toEqual(['RegisterTargets', 'DeregisterTargets']);
    expect(report.bindings[0]?.pools[0]?.connections).toEqual({
      policy: 'leave',
      seen: { closesConnections: false, delaySeconds: 300 },
      result: 'left',
    });
    expect(
      world.lab.elbv2.connections(world.targetGroupArn).filter((c) => c.closedAt === undefined),
    ).toHaveLength(2);
  });
});
