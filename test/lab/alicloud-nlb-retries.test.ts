import { NlbEmulator } from '../../lab/alicloud/nlb-emulator';
import { type RpcServer } from '../../lab/alicloud/server';
import type { FaultKind } from '../../lab/alicloud/faults';
import { AlicloudApiError, createAlicloudRpc } from '../../shared/alicloud';
import { createNlbPool, PoolApiError } from '../../shared/backends';
import type { Pool } from '../../shared/backends';
import type { BackendAddress } from '../../shared/core/types';
import { CALL, addTo, removeFrom } from '../support/pool-calls';
import { KEY_ID, SECRET, serveWithClient } from '../support/serve-emulator';
import { virtualClock } from '../support/virtual-clock';

/**
 * The NLB pool over the wire, against errors the emulator produces: the codes the Terraform provider
 * retries are retried (same ClientToken, backoff on the virtual clock), every other code fails the
 * step at once.
 */
let clock: ReturnType<typeof virtualClock>;
let nlb: NlbEmulator;
let server: RpcServer;
let groupId: string;
let pool: Pool<BackendAddress>;

const OLD = { ip: '10.0.2.15', port: 3306 };
const NEW = { ip: '10.0.2.16', port: 3306 };

beforeEach(async () => {
  clock = virtualClock(1_767_225_600_000);
  nlb = new NlbEmulator({ now: () => clock.now() });
  ({ server } = await serveWithClient(nlb));
  groupId = nlb.createServerGroup({ port: 3306 });
  nlb.seedServer(groupId, { ip: OLD.ip });
  const rpc = createAlicloudRpc({
    endpoint: server.url,
    apiVersion: '2022-04-30',
    credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET },
    timeoutMs: 3000,
    clock,
    maxAttempts: 4,
    random: () => 0.5,
  });
  pool = createNlbPool(
    rpc,
    { kind: 'alicloud-nlb', region: 'cn-hangzhou', serverGroupId: groupId, port: 3306 },
    { clock, jobTimeoutMs: 10_000, jobPollMs: 100 },
  );
});

afterEach(async () => {
  await server.close();
});

/** `action code` for every call the emulator answered, faults and refusals included. */
const answered = () => nlb.calls.map((call) => `${call.action} ${call.errorCode ?? 'ok'}`);
const tokensOf = (action: string) =>
  nlb.calls.filter((call) => call.action === action).map((call) => call.params['ClientToken']);

describe('NLB retries, as the Terraform provider does them', () => {
  it.each<[FaultKind, string]>([
    ['conflict-lock', 'Conflict.Lock'],
    ['resource-is-configuring', 'OperationFailed.ResourceIsConfiguring'],
    ['system-busy', 'SystemBusy'],
    ['throttle', 'Throttling.User'],
  ])('retries an add refused with %s, with the same ClientToken', async (kind, code) => {
    // Prepare
    nlb.faults.inject({ action: 'AddServersToServerGroup', kind, times: 2 });

    // Act
    await addTo(pool, [NEW]);

    // Assess
    expect(answered()).toEqual([
      'ListServerGroupServers ok',
      `AddServersToServerGroup ${code}`,
      `AddServersToServerGroup ${code}`,
      'AddServersToServerGroup ok',
      'GetJobStatus ok',
    ]);
    const tokens = tokensOf('AddServersToServerGroup');
    expect(new Set(tokens).size).toBe(1);
    expect(nlb.servers(groupId).map((s) => `${s.ip} ${s.status}`)).toEqual([
      `${OLD.ip} Available`,
      `${NEW.ip} Available`,
    ]);
  });

  it.each<[FaultKind, string]>([
    ['conflict-lock', 'Conflict.Lock'],
    ['resource-is-configuring', 'OperationFailed.ResourceIsConfiguring'],
    ['system-busy', 'SystemBusy'],
  ])('retries a removal refused with %s', async (kind, code) => {
    // Prepare
    nlb.faults.inject({ action: 'RemoveServersFromServerGroup', kind });

    // Act
    await removeFrom(pool, [OLD]);

    // Assess
    expect(answered()).toEqual([
      `RemoveServersFromServerGroup ${code}`,
      'RemoveServersFromServerGroup ok',
      'GetJobStatus ok',
    ]);
    expect(nlb.servers(groupId)).toEqual([]);
  });

  it('waits out a group that is being configured, then adds', async () => {
    // Prepare: someone else configures the group for 1 s; the backoff (200, 400, ... ms) outlasts it
    nlb.configureGroup(groupId, 1000);

    // Act
    await addTo(pool, [NEW]);

    // Assess
    expect(answered()).toEqual([
      'ListServerGroupServers ok',
      'AddServersToServerGroup OperationFailed.ResourceIsConfiguring',
      'AddServersToServerGroup OperationFailed.ResourceIsConfiguring',
      'AddServersToServerGroup OperationFailed.ResourceIsConfiguring',
      'AddServersToServerGroup ok',
      'GetJobStatus ok',
    ]);
  });

  it('gives up after maxAttempts and fails the step with the last code', async () => {
    // Prepare
    nlb.faults.inject({ action: 'AddServersToServerGroup', kind: 'conflict-lock', times: 4 });

    // Act
    const error = await addTo(pool, [NEW]).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(PoolApiError);
    expect(error).toMatchObject({ step: 'register', code: 'Conflict.Lock' });
    expect(tokensOf('AddServersToServerGroup')).toHaveLength(4);
  });

  it('fails at once on a code that is not retryable', async () => {
    // Prepare: a server group that does not exist (a binding with a wrong id)
    const missing = createNlbPool(
      createAlicloudRpc({
        endpoint: server.url,
        apiVersion: '2022-04-30',
        credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET },
        timeoutMs: 3000,
        clock,
        maxAttempts: 4,
      }),
      { kind: 'alicloud-nlb', region: 'cn-hangzhou', serverGroupId: 'sgp-missing', port: 3306 },
      { clock, jobTimeoutMs: 10_000 },
    );

    // Act
    const error = await removeFrom(missing, [OLD]).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(PoolApiError);
    expect((error as PoolApiError).cause).toBeInstanceOf(AlicloudApiError);
    expect(answered()).toEqual(['RemoveServersFromServerGroup ResourceNotFound.serverGroup']);
  });

  it('does not retry a describe on a code only adds and removes retry', async () => {
    nlb.faults.inject({ action: 'ListServerGroupServers', kind: 'conflict-lock' });
    const error = await pool.describe(CALL).catch((e: unknown) => e);
    expect(error).toMatchObject({ step: 'describe', code: 'Conflict.Lock' });
    expect(answered()).toEqual(['ListServerGroupServers Conflict.Lock']);
  });
});
