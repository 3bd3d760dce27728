import { NlbEmulator } from '../../lab/alicloud/nlb-emulator';
import { type RpcServer } from '../../lab/alicloud/server';
import { createAlicloudRpc } from '../../shared/alicloud';
import { PoolApiError } from '../../shared/backends';
import { createNlbPool } from '../../shared/backends/alicloud-nlb';
import { KEY_ID, SECRET, serveWithClient } from '../support/serve-emulator';
import { virtualClock } from '../support/virtual-clock';

let nlb: NlbEmulator;
let server: RpcServer;

beforeEach(async () => {
  nlb = new NlbEmulator({ now: () => 1_767_225_600_000 });
  ({ server } = await serveWithClient(nlb));
});

afterEach(async () => {
  await server.close();
});

const poolOn = (groupId: string) => {
  const rpc = createAlicloudRpc({
    endpoint: server.url,
    apiVersion: '2022-04-30',
    credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET },
    timeoutMs: 3000,
    clock: virtualClock(0),
    maxAttempts: 1,
  });
  return createNlbPool(
    rpc,
    { kind: 'alicloud-nlb', region: 'cn-hangzhou', serverGroupId: groupId, port: 3306 },
    { clock: virtualClock(0), jobTimeoutMs: 10_000 },
  );
};
const CALL = { deadlineMs: Number.MAX_SAFE_INTEGER };

describe('NLB emulator: connection drain through the real adapter and pop-core', () => {
  it('reads a group created with drain off as keeping its connections', async () => {
    // Prepare
    nlb.createServerGroup({ port: 3306 });
    const groupId = nlb.createServerGroup({ port: 3306 });

    // Act
    const settings = await poolOn(groupId).drain?.read(CALL);

    // Assess
    expect(settings).toEqual({ closesConnections: false, delaySeconds: 0 });
    expect(nlb.calls.map((c) => [c.action, c.params['ServerGroupIds.1']])).toEqual([
      ['ListServerGroups', 'sgp-lab0002'],
    ]);
  });

  it('sets drain on with a timeout through a job, and reads it back', async () => {
    // Prepare
    const groupId = nlb.createServerGroup({
      port: 3306,
      connectionDrain: { enabled: false, timeoutSeconds: 300 },
    });
    const pool = poolOn(groupId);

    // Act
    await pool.drain?.write({ closesConnections: true, delaySeconds: 30 }, CALL);
    const settings = await pool.drain?.read(CALL);

    // Assess
    expect(settings).toEqual({ closesConnections: true, delaySeconds: 30 });
    expect(nlb.calls.map((c) => c.action)).toEqual([
      'UpdateServerGroupAttribute',
      'GetJobStatus',
      'ListServerGroups',
    ]);
  });

  it.each([5, 901])(
    'refuses a timeout of %i s, as the API reference bounds it (10 to 900)',
    async (seconds) => {
      // Prepare
      const groupId = nlb.createServerGroup({ port: 3306 });

      // Act
      const error = await poolOn(groupId)
        .drain?.write({ closesConnections: true, delaySeconds: seconds }, CALL)
        .catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(PoolApiError);
      expect((error as PoolApiError).code).toBe('IllegalParam.ConnectionDrainTimeout');
      expect(await poolOn(groupId).drain?.read(CALL)).toEqual({ closesConnections: false, delaySeconds: 0 });
    },
  );
});
