import {
  alicloudWorld,
  ENDPOINT,
  NLB_REMOVE_MS,
  PRIMARY_IP,
  STANDBY_IP,
} from '../support/alicloud-lab-world';
import type { AlicloudWorld } from '../support/alicloud-lab-world';

let world: AlicloudWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const openOnPrimary = (w: AlicloudWorld, count: number) => {
  for (let i = 0; i < count; i += 1) w.lab.nlb.openConnection(w.serverGroupId);
};
const changeCalls = (w: AlicloudWorld) =>
  w.lab.nlb.calls
    .filter((c) => !c.action.startsWith('List') && !c.action.startsWith('Get'))
    .map((c) => c.action);
const alertSubjects = (w: AlicloudWorld) =>
  w.lab.cms.events.map((e) => (JSON.parse(e.content) as { subject: string }).subject);

describe('onSwap.clientConnections over the wire (Alibaba Cloud NLB)', () => {
  it('close: turns drain on with a 10 s timeout before the swap, so the old writer loses its clients', async () => {
    // Prepare: drain off, as the console creates a group; three pooled connections on the primary
    world = await alicloudWorld({ onSwap: '{ clientConnections: close, deregistrationDelaySeconds: 10 }' });
    openOnPrimary(world, 3);
    world.lab.dns.setA(ENDPOINT, [STANDBY_IP]);

    // Act
    const report = await world.invoke('alicloud-cloudmonitor-failover.json', ['rds-event']);

    // Assess
    expect(report.outcomes).toEqual({ swapped: 1 });
    expect(changeCalls(world)).toEqual([
      'UpdateServerGroupAttribute',
      'AddServersToServerGroup',
      'RemoveServersFromServerGroup',
    ]);
    const update = world.lab.nlb.calls.find((c) => c.action === 'UpdateServerGroupAttribute');
    expect(update?.params).toMatchObject({ ConnectionDrainEnabled: 'true', ConnectionDrainTimeout: '10' });
    // Each connection to the old writer ends 10 s after the remove job (50 ms) has taken the server
    // out; counted from the call's arrival (`at`), with up to a second of slack for a busy machine.
    const removedAt = world.lab.nlb.calls.find((c) => c.action === 'RemoveServersFromServerGroup')?.at ?? NaN;
    const connections = world.lab.nlb.connections(world.serverGroupId);
    expect(connections.map((c) => c.target)).toEqual([
      `${PRIMARY_IP}:3306`,
      `${PRIMARY_IP}:3306`,
      `${PRIMARY_IP}:3306`,
    ]);
    for (const { closesAt } of connections) {
      expect(closesAt).toBeGreaterThanOrEqual(removedAt + NLB_REMOVE_MS + 10_000);
      expect(closesAt).toBeLessThan(removedAt + NLB_REMOVE_MS + 11_000);
    }
    expect(report.bindings[0]?.pools[0]?.connections).toEqual({
      policy: 'close',
      seen: { closesConnections: false, delaySeconds: 0 },
      wanted: { closesConnections: true, delaySeconds: 10 },
      result: 'set',
      detail: 'connections are not closed on deregistration; deregistration delay is 0 s, not 10 s',
    });
    expect(alertSubjects(world)).toEqual([
      `rds-failover-sync: billing swapped to ${STANDBY_IP} (was ${PRIMARY_IP})`,
    ]);
  });

  it('close: a group already draining as wanted is not touched, and its clients still leave', async () => {
    // Prepare
    world = await alicloudWorld({
      onSwap: '{ clientConnections: close, deregistrationDelaySeconds: 10 }',
      connectionDrain: { enabled: true, timeoutSeconds: 10 },
    });
    openOnPrimary(world, 2);
    world.lab.dns.setA(ENDPOINT, [STANDBY_IP]);

    // Act
    const report = await world.invoke('alicloud-cloudmonitor-failover.json', ['rds-event']);

    // Assess
    expect(changeCalls(world)).toEqual(['AddServersToServerGroup', 'RemoveServersFromServerGroup']);
    expect(report.bindings[0]?.pools[0]?.connections).toEqual({
      policy: 'close',
      seen: { closesConnections: true, delaySeconds: 10 },
      wanted: { closesConnections: true, delaySeconds: 10 },
      result: 'in-sync',
    });
    const removedAt = world.lab.nlb.calls.find((c) => c.action === 'RemoveServersFromServerGroup')?.at ?? NaN;
    for (const { closesAt } of world.lab.nlb.connections(world.serverGroupId)) {
      expect(closesAt).toBeGreaterThanOrEqual(removedAt + NLB_REMOVE_MS + 10_000);
      expect(closesAt).toBeLessThan(removedAt + NLB_REMOVE_MS + 11_000);
    }
    expect(alertSubjects(world)).toEqual([
      `rds-failover-sync: billing swapped to ${STANDBY_IP} (was ${PRIMARY_IP})`,
    ]);
  });

  it('leave (the default): the swap changes no setting and the clients stay on the old writer', async () => {
    // Prepare
    world = await alicloudWorld();
    openOnPrimary(world, 2);
    world.lab.dns.setA(ENDPOINT, [STANDBY_IP]);

    // Act
    const report = await world.invoke('alicloud-cloudmonitor-failover.json', ['rds-event']);

    // Assess
    expect(changeCalls(world)).toEqual(['AddServersToServerGroup', 'RemoveServersFromServerGroup']);
    expect(report.bindings[0]?.pools[0]?.connections).toEqual({
      policy: 'leave',
      seen: { closesConnections: false, delaySeconds: 0 },
      result: 'left',
    });
    expect(world.nlbServers()).toEqual([`${STANDBY_IP}:3306 Available`]);
    expect(world.lab.nlb.connections(world.serverGroupId)).toEqual([
      { id: 'conn-1', target: `${PRIMARY_IP}:3306`, openedAt: expect.any(Number) },
      { id: 'conn-2', target: `${PRIMARY_IP}:3306`, openedAt: expect.any(Number) },
    ]);
  });
});
