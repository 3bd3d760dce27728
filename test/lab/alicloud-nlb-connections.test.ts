import { NlbEmulator, type NlbServerGroupSpec } from '../../lab/alicloud/nlb-emulator';

const START_MS = 1_767_225_600_000;
const OLD = '10.1.1.10';
const NEW = '10.1.2.20';
let nowMs = START_MS;
let nlb: NlbEmulator;

beforeEach(() => {
  nowMs = START_MS;
  nlb = new NlbEmulator({ now: () => nowMs });
});

const removeOld = (groupId: string) =>
  nlb.dispatch(
    'RemoveServersFromServerGroup',
    new URLSearchParams({
      ServerGroupId: groupId,
      'Servers.1.ServerId': OLD,
      'Servers.1.ServerType': 'Ip',
      'Servers.1.Port': '3306',
    }),
  );
/** A group with the old writer in it and `clients` connections to it. */
const groupOnOld = (spec: Omit<NlbServerGroupSpec, 'port'>, clients: number) => {
  const groupId = nlb.createServerGroup({ port: 3306, ...spec });
  nlb.seedServer(groupId, { ip: OLD, status: 'Available' });
  for (let i = 0; i < clients; i += 1) nlb.openConnection(groupId);
  return groupId;
};
const openEnds = (groupId: string) => nlb.connections(groupId).filter((c) => c.closedAt === undefined);

describe('NLB emulator: established client connections', () => {
  it('opens a connection on the first Available server whose health checks answer Normal', () => {
    // Prepare
    const groupId = nlb.createServerGroup({ port: 3306 });
    nlb.seedServer(groupId, { ip: OLD, status: 'Available' });
    nlb.seedServer(groupId, { ip: NEW, status: 'Available' });
    nlb.setServerHealth(OLD, 'Unhealthy');

    // Act
    const id = nlb.openConnection(groupId);

    // Assess
    expect(id).toBe('conn-1');
    expect(nlb.connections(groupId)).toEqual([{ id: 'conn-1', target: `${NEW}:3306`, openedAt: START_MS }]);
  });

  it('with drain on, closes them when the timeout after the remove job ends, not before', () => {
    // Prepare: a remove job of 400 ms, a 10 s drain
    const groupId = groupOnOld({ removeMs: 400, connectionDrain: { enabled: true, timeoutSeconds: 10 } }, 2);

    // Act
    removeOld(groupId);
    nowMs = START_MS + 10_399;
    const before = openEnds(groupId).length;
    nowMs = START_MS + 10_400;

    // Assess
    expect(before).toBe(2);
    expect(nlb.connections(groupId).map((c) => [c.closesAt, c.closedAt])).toEqual([
      [START_MS + 10_400, START_MS + 10_400],
      [START_MS + 10_400, START_MS + 10_400],
    ]);
  });

  it('with drain off, leaves them open long after the server has left the group', () => {
    // Prepare
    const groupId = groupOnOld({ removeMs: 400 }, 1);

    // Act
    removeOld(groupId);
    nowMs = START_MS + 3_600_000;

    // Assess
    expect(nlb.servers(groupId)).toEqual([]);
    expect(nlb.connections(groupId)).toEqual([{ id: 'conn-1', target: `${OLD}:3306`, openedAt: START_MS }]);
  });

  it('a failed remove job leaves the server, and its connections, in place', () => {
    // Prepare
    const groupId = groupOnOld({ connectionDrain: { enabled: true, timeoutSeconds: 10 } }, 1);
    nlb.failNextJob(groupId);

    // Act
    removeOld(groupId);
    nowMs = START_MS + 60_000;

    // Assess
    expect(nlb.connections(groupId)).toEqual([{ id: 'conn-1', target: `${OLD}:3306`, openedAt: START_MS }]);
  });

  it('drain turned on by UpdateServerGroupAttribute applies to the next removal', () => {
    // Prepare
    const groupId = groupOnOld({}, 1);

    // Act
    nlb.dispatch(
      'UpdateServerGroupAttribute',
      new URLSearchParams({
        ServerGroupId: groupId,
        ConnectionDrainEnabled: 'true',
        ConnectionDrainTimeout: '15',
      }),
    );
    nowMs = START_MS + 1_000;
    removeOld(groupId);

    // Assess
    expect(nlb.connections(groupId)).toEqual([
      { id: 'conn-1', target: `${OLD}:3306`, openedAt: START_MS, closesAt: START_MS + 16_000 },
    ]);
  });
});
