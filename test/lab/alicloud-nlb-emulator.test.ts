import { CALL } from '../support/pool-calls';
import RPCClient from '@alicloud/pop-core';
import { NlbEmulator } from '../../lab/alicloud/nlb-emulator';
import type {
  NlbJobResponse,
  NlbJobStatusResponse,
  NlbListenerHealthResponse,
  NlbListServersResponse,
} from '../../lab/alicloud/nlb-types';
import { type PopClient, type PopParams } from '../../lab/alicloud/pop-client';
import { type RpcServer } from '../../lab/alicloud/server';
import { createAlicloudRpc } from '../../shared/alicloud';
import { createNlbPool } from '../../shared/backends/alicloud-nlb';
import { virtualClock } from '../support/virtual-clock';
import { KEY_ID, SECRET, serveWithClient } from '../support/serve-emulator';

const POST = { method: 'POST' } as const;

let nowMs: number;
let nlb: NlbEmulator;
let server: RpcServer;
let client: PopClient;

const ipServer = (ip: string, port = 3306): PopParams[string] => ({
  ServerId: ip,
  ServerType: 'Ip',
  ServerIp: ip,
  Port: port,
});

const add = (groupId: string, ips: string[], extra: PopParams = {}): Promise<NlbJobResponse> =>
  client.request<NlbJobResponse>(
    'AddServersToServerGroup',
    { RegionId: 'cn-hangzhou', ServerGroupId: groupId, Servers: ips.map((ip) => ipServer(ip)), ...extra },
    POST,
  );

const remove = (groupId: string, ips: string[], extra: PopParams = {}): Promise<NlbJobResponse> =>
  client.request<NlbJobResponse>(
    'RemoveServersFromServerGroup',
    { RegionId: 'cn-hangzhou', ServerGroupId: groupId, Servers: ips.map((ip) => ipServer(ip)), ...extra },
    POST,
  );

const list = (params: PopParams): Promise<NlbListServersResponse> =>
  client.request<NlbListServersResponse>(
    'ListServerGroupServers',
    { RegionId: 'cn-hangzhou', ...params },
    POST,
  );

const listenerHealth = (listenerId: string, params: PopParams = {}): Promise<NlbListenerHealthResponse> =>
  client.request<NlbListenerHealthResponse>(
    'GetListenerHealthStatus',
    { RegionId: 'cn-hangzhou', ListenerId: listenerId, ...params },
    POST,
  );

/** `[ip, Status]` of every non-normal server on the listener's first page. */
const nonNormal = async (listenerId: string): Promise<[string, string][]> =>
  (await listenerHealth(listenerId)).ListenerHealthStatus.flatMap((listener) =>
    listener.ServerGroupInfos.flatMap((group) =>
      group.NonNormalServers.map((row): [string, string] => [row.ServerIp, row.Status]),
    ),
  );

const statuses = async (groupId: string): Promise<[string, string][]> =>
  (await list({ ServerGroupId: groupId })).Servers.map((row) => [row.ServerIp, row.Status]);

const jobStatus = async (jobId: string): Promise<string> =>
  (await client.request<NlbJobStatusResponse>('GetJobStatus', { JobId: jobId }, POST)).Status;

const failure = async (call: Promise<unknown>): Promise<unknown> =>
  call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );

beforeEach(async () => {
  nowMs = 1_767_225_600_000;
  nlb = new NlbEmulator({ now: () => nowMs });
  ({ server, client } = await serveWithClient(nlb));
});

afterEach(async () => {
  await server.close();
});

describe('NlbEmulator jobs through the real pop-core client', () => {
  it('adds a server that reads Adding until addMs has passed, then Available, its job processing then Succeeded', async () => {
    // Prepare
    const groupId = nlb.createServerGroup({ port: 3306, addMs: 10_000 });

    // Act
    const job = await add(groupId, ['10.0.2.15'], { ClientToken: 'add-1' });
    const atOnce = await list({ ServerGroupId: groupId });
    const jobAtOnce = await jobStatus(job.JobId);
    nowMs += 9_999;
    const justBefore = await statuses(groupId);
    nowMs += 1;
    const after = await statuses(groupId);
    const jobAfter = await jobStatus(job.JobId);

    // Assess
    expect(job).toEqual({ RequestId: 'LAB-REQUEST-ID', JobId: 'job-lab0001', ServerGroupId: 'sgp-lab0001' });
    expect(atOnce).toEqual({
      RequestId: 'LAB-REQUEST-ID',
      Servers: [
        {
          ServerGroupId: 'sgp-lab0001',
          ServerId: '10.0.2.15',
          ServerIp: '10.0.2.15',
          ServerType: 'Ip',
          Port: 3306,
          Weight: 100,
          Status: 'Adding',
          Description: '',
        },
      ],
      MaxResults: 20,
      TotalCount: 1,
    });
    expect(jobAtOnce).toBe('processing');
    expect(justBefore).toEqual([['10.0.2.15', 'Adding']]);
    expect(after).toEqual([['10.0.2.15', 'Available']]);
    expect(jobAfter).toBe('Succeeded');
    expect(nlb.calls[0]).toEqual({
      action: 'AddServersToServerGroup',
      params: {
        RegionId: 'cn-hangzhou',
        ServerGroupId: 'sgp-lab0001',
        'Servers.1.ServerId': '10.0.2.15',
        'Servers.1.ServerType': 'Ip',
        'Servers.1.ServerIp': '10.0.2.15',
        'Servers.1.Port': '3306',
        ClientToken: 'add-1',
      },
      securityTokenSent: false,
      at: 1_767_225_600_000,
    });
  });

  it('removes a server that reads Removing until removeMs has passed, then is gone', async () => {
    // Prepare
    const groupId = nlb.createServerGroup({ port: 3306, removeMs: 5_000 });
    nlb.seedServer(groupId, { ip: '10.0.2.15' });
    nlb.seedServer(groupId, { ip: '10.0.2.16' });

    // Act
    await remove(groupId, ['10.0.2.15']);
    const during = await statuses(groupId);
    nowMs += 5_000;
    const after = await statuses(groupId);

    // Assess
    expect(during).toEqual([
      ['10.0.2.15', 'Removing'],
      ['10.0.2.16', 'Available'],
    ]);
    expect(after).toEqual([['10.0.2.16', 'Available']]);
  });

  it('refuses another add or remove with IncorrectStatus.serverGroup while a job runs, and takes it after', async () => {
    // Prepare
    const groupId = nlb.createServerGroup({ port: 3306, addMs: 10_000 });
    nlb.seedServer(groupId, { ip: '10.0.2.15' });
    await add(groupId, ['10.0.2.16']);

    // Act
    const addError = await failure(add(groupId, ['10.0.2.17']));
    const removeError = await failure(remove(groupId, ['10.0.2.15']));
    nowMs += 10_000;
    const later = await remove(groupId, ['10.0.2.15']);

    // Assess
    const locked = {
      code: 'IncorrectStatus.serverGroup',
      data: { Message: 'The status of servergroup [sgp-lab0001] is incorrect.' },
      entry: { response: { statusCode: 400 } },
    };
    expect(addError).toMatchObject(locked);
    expect(removeError).toMatchObject(locked);
    expect(later.JobId).toBe('job-lab0002');
    expect(nlb.servers(groupId)).toEqual([
      { ip: '10.0.2.16', port: 3306, weight: 100, status: 'Available', description: '' },
    ]);
  });

  it('answers a repeated ClientToken with the same JobId and no second job, even while the job runs', async () => {
    // Prepare
    const groupId = nlb.createServerGroup({ port: 3306, addMs: 10_000 });
    const first = await add(groupId, ['10.0.2.15'], { ClientToken: 'sync-orders-1' });

    // Act
    const retry = await add(groupId, ['10.0.2.15'], { ClientToken: 'sync-orders-1' });
    const otherRequest = await failure(add(groupId, ['10.0.2.99'], { ClientToken: 'sync-orders-1' }));

    // Assess
    expect(first.JobId).toBe('job-lab0001');
    expect(retry.JobId).toBe('job-lab0001');
    expect(otherRequest).toMatchObject({ code: 'IdempotenceSignatureMismatch' });
    expect(nlb.servers(groupId).map((server) => [server.ip, server.status])).toEqual([
      ['10.0.2.15', 'Adding'],
    ]);
  });

  it('answers DryRun with DryRunOperation and changes nothing', async () => {
    // Prepare
    const groupId = nlb.createServerGroup({ port: 3306 });

    // Act
    const error = await failure(add(groupId, ['10.0.2.15'], { DryRun: true, ClientToken: 'dry' }));
    const real = await add(groupId, ['10.0.2.15'], { ClientToken: 'dry' });

    // Assess
    expect(error).toMatchObject({
      code: 'DryRunOperation',
      data: { Message: 'Request validation has been passed with DryRun flag set.' },
    });
    expect(real.JobId).toBe('job-lab0001');
    expect(nlb.calls.map((call) => call.params['DryRun'])).toEqual(['true', undefined]);
  });

  it('refuses removing a server not in the group with ResourceNotFound.BackendServer and HTTP 404', async () => {
    // Prepare
    const groupId = nlb.createServerGroup({ port: 3306 });
    nlb.seedServer(groupId, { ip: '10.0.2.15' });

    // Act
    const error = await failure(remove(groupId, ['10.0.2.15', '10.0.2.99']));

    // Assess
    expect(error).toMatchObject({
      code: 'ResourceNotFound.BackendServer',
      entry: { response: { statusCode: 404 } },
    });
    expect(nlb.servers(groupId).map((server) => server.status)).toEqual(['Available']);
  });

  it('ends the job after failNextJob Failed: added servers vanish, removed ones stay', async () => {
    // Prepare
    const groupId = nlb.createServerGroup({ port: 3306, addMs: 1_000, removeMs: 1_000 });
    nlb.seedServer(groupId, { ip: '10.0.2.15' });
    nlb.failNextJob(groupId);
    const failedAdd = await add(groupId, ['10.0.2.16']);
    nowMs += 1_000;
    nlb.failNextJob(groupId);

    // Act
    const addStatus = await jobStatus(failedAdd.JobId);
    const failedRemove = await remove(groupId, ['10.0.2.15']);
    const during = await statuses(groupId);
    nowMs += 1_000;
    const removeStatus = await jobStatus(failedRemove.JobId);
    const after = await statuses(groupId);

    // Assess
    expect(addStatus).toBe('Failed');
    expect(during).toEqual([['10.0.2.15', 'Removing']]);
    expect(removeStatus).toBe('Failed');
    expect(after).toEqual([['10.0.2.15', 'Available']]);
  });

  it('answers an unknown job with ResourceNotFound.JobId', async () => {
    // Act
    const error = await failure(client.request('GetJobStatus', { JobId: 'job-missing' }, POST));

    // Assess
    expect(error).toMatchObject({ code: 'ResourceNotFound.JobId', entry: { response: { statusCode: 404 } } });
  });
});

describe('NlbEmulator listing', () => {
  it('pages 5 servers over 3 pages of MaxResults 2', async () => {
    // Prepare
    const groupId = nlb.createServerGroup({ port: 3306 });
    for (const ip of ['10.0.2.1', '10.0.2.2', '10.0.2.3', '10.0.2.4', '10.0.2.5'])
      nlb.seedServer(groupId, { ip });

    // Act
    const first = await list({ ServerGroupId: groupId, MaxResults: 2 });
    const second = await list({ ServerGroupId: groupId, MaxResults: 2, NextToken: first.NextToken ?? '' });
    const third = await list({ ServerGroupId: groupId, MaxResults: 2, NextToken: second.NextToken ?? '' });

    // Assess
    const page = (response: NlbListServersResponse): unknown[] => [
      response.Servers.map((row) => row.ServerIp),
      response.NextToken,
      response.TotalCount,
      response.MaxResults,
    ];
    expect(page(first)).toEqual([['10.0.2.1', '10.0.2.2'], 'lab-next-1', 5, 2]);
    expect(page(second)).toEqual([['10.0.2.3', '10.0.2.4'], 'lab-next-2', 5, 2]);
    expect(page(third)).toEqual([['10.0.2.5'], undefined, 5, 2]);
    expect('NextToken' in third).toBe(false);
  });

  it.each([
    ['0', { MaxResults: 0 }, 'IllegalParam.MaxResults'],
    ['101', { MaxResults: 101 }, 'IllegalParam.MaxResults'],
    ['a token never issued', { NextToken: 'forged' }, 'IllegalParam.NextToken'],
  ])('refuses a listing with %s', async (_label, params, code) => {
    // Prepare
    const groupId = nlb.createServerGroup({ port: 3306 });

    // Act
    const error = await failure(list({ ServerGroupId: groupId, ...params }));

    // Assess
    expect(error).toMatchObject({ code });
  });

  it('refuses the NextToken "undefined" that pop-core sends for an undefined parameter', async () => {
    // Prepare
    const groupId = nlb.createServerGroup({ port: 3306 });
    const raw = new RPCClient({
      endpoint: server.url,
      apiVersion: '2022-04-30',
      accessKeyId: KEY_ID,
      accessKeySecret: SECRET,
    });

    // Act
    const error = await failure(
      raw.request('ListServerGroupServers', { ServerGroupId: groupId, NextToken: undefined }, POST),
    );

    // Assess
    expect(error).toMatchObject({ code: 'IllegalParam.NextToken' });
    expect(nlb.calls[0]?.params).toEqual({ ServerGroupId: 'sgp-lab0001', NextToken: 'undefined' });
  });

  it('answers an unknown server group with ResourceNotFound.serverGroup and HTTP 404', async () => {
    // Act
    const error = await failure(list({ ServerGroupId: 'sgp-missing' }));

    // Assess
    expect(error).toMatchObject({
      code: 'ResourceNotFound.serverGroup',
      data: { Message: 'The specified resource of serverGroup is not found.' },
      entry: { response: { statusCode: 404 } },
    });
  });
});

describe('NlbEmulator server validation', () => {
  it.each([
    [
      'a ServerType other than Ip',
      { ServerId: '10.0.2.15', ServerType: 'Ecs', Port: 3306 },
      'Mismatch.ServerType',
    ],
    [
      'a ServerId that is not its ServerIp',
      { ServerId: '10.0.2.15', ServerType: 'Ip', ServerIp: '10.0.2.16', Port: 3306 },
      'IllegalParam.ServerId',
    ],
    [
      'a ServerId that is not an IP',
      { ServerId: 'i-bp1lab', ServerType: 'Ip', Port: 3306 },
      'IllegalParam.ServerId',
    ],
    ['no Port', { ServerId: '10.0.2.15', ServerType: 'Ip' }, 'MissingParam.Port'],
    [
      'a Weight over 100',
      { ServerId: '10.0.2.15', ServerType: 'Ip', Port: 3306, Weight: 101 },
      'IllegalParam.Weight',
    ],
    [
      'a Description with a space',
      { ServerId: '10.0.2.15', ServerType: 'Ip', Port: 3306, Description: 'rds failover' },
      'IllegalParam.description',
    ],
    [
      'lower-case keys, which pop-core does not capitalise below the top level',
      { serverId: '10.0.2.15', serverType: 'Ip', port: 3306 },
      'MissingParam.ServerId',
    ],
  ])('refuses a server with %s', async (_label, server, code) => {
    // Prepare
    const groupId = nlb.createServerGroup({ port: 3306 });

    // Act
    const error = await failure(
      client.request('AddServersToServerGroup', { ServerGroupId: groupId, Servers: [server] }, POST),
    );

    // Assess
    expect(error).toMatchObject({ code });
    expect(nlb.servers(groupId)).toEqual([]);
  });

  it('refuses the same server twice in one call with DuplicatedParam.Server', async () => {
    // Prepare
    const groupId = nlb.createServerGroup({ port: 3306 });

    // Act
    const error = await failure(add(groupId, ['10.0.2.15', '10.0.2.15']));

    // Assess
    expect(error).toMatchObject({ code: 'DuplicatedParam.Server' });
  });

  it('refuses adding a server already in the group with ResourceInUse.IP', async () => {
    // Prepare
    const groupId = nlb.createServerGroup({ port: 3306 });
    nlb.seedServer(groupId, { ip: '10.0.2.15', zoneId: 'cn-hangzhou-h' });

    // Act
    const error = await failure(add(groupId, ['10.0.2.15']));
    const rows = await list({ ServerGroupId: groupId });

    // Assess
    expect(error).toMatchObject({ code: 'ResourceInUse.IP' });
    expect(rows.Servers.map((row) => row.ZoneId)).toEqual(['cn-hangzhou-h']);
  });
});

describe('NlbEmulator listener health through the real pop-core client', () => {
  it("answers in the API shape: Initial while adding and for healthyAfterMs after, then the IP's own health", async () => {
    // Prepare
    const groupId = nlb.createServerGroup({ port: 3306, addMs: 5_000 });
    nlb.seedServer(groupId, { ip: '10.0.2.15' });
    nlb.seedServer(groupId, { ip: '10.0.2.16' });
    nlb.setServerHealth('10.0.2.16', 'Unhealthy');
    const listenerId = nlb.createListener(groupId, { port: 3306, healthyAfterMs: 10_000 });
    await add(groupId, ['10.0.2.17']);

    // Act
    const atOnce = await listenerHealth(listenerId);
    nowMs += 5_000;
    const justAvailable = await nonNormal(listenerId);
    nowMs += 9_999;
    const justBefore = await nonNormal(listenerId);
    nowMs += 1;
    const after = await nonNormal(listenerId);
    nlb.setServerHealth('10.0.2.16', 'Normal');
    const recovered = await nonNormal(listenerId);

    // Assess
    expect(listenerId).toBe('lsn-lab0001');
    expect(atOnce).toEqual({
      RequestId: 'LAB-REQUEST-ID',
      ListenerHealthStatus: [
        {
          ListenerId: 'lsn-lab0001',
          ListenerPort: 3306,
          ListenerProtocol: 'TCP',
          ServerGroupInfos: [
            {
              ServerGroupId: 'sgp-lab0001',
              HeathCheckEnabled: true,
              NonNormalServers: [
                {
                  ServerId: '10.0.2.16',
                  ServerIp: '10.0.2.16',
                  Port: 3306,
                  Status: 'Unhealthy',
                  Reason: { ReasonCode: 'CONNECT_TIMEOUT' },
                },
                { ServerId: '10.0.2.17', ServerIp: '10.0.2.17', Port: 3306, Status: 'Initial' },
              ],
            },
          ],
        },
      ],
      MaxResults: 20,
      TotalCount: 2,
    });
    expect(justAvailable).toEqual([
      ['10.0.2.16', 'Unhealthy'],
      ['10.0.2.17', 'Initial'],
    ]);
    expect(justBefore).toEqual([
      ['10.0.2.16', 'Unhealthy'],
      ['10.0.2.17', 'Initial'],
    ]);
    expect(after).toEqual([['10.0.2.16', 'Unhealthy']]);
    expect(recovered).toEqual([]);
    expect(nlb.calls.at(-1)?.params).toEqual({ RegionId: 'cn-hangzhou', ListenerId: 'lsn-lab0001' });
  });

  it('reads Unavailable for every server with health checks off, and Unused for weight 0', async () => {
    // Prepare
    const groupId = nlb.createServerGroup({ port: 3306 });
    nlb.seedServer(groupId, { ip: '10.0.2.15' });
    nlb.seedServer(groupId, { ip: '10.0.2.16', weight: 0 });
    const unchecked = nlb.createListener(groupId, { id: 'lsn-unchecked', port: 3306, healthCheck: false });
    const checked = nlb.createListener(groupId, { port: 3307, protocol: 'TCPSSL' });

    // Act
    const off = await listenerHealth(unchecked);
    const on = await listenerHealth(checked);

    // Assess
    expect(off.ListenerHealthStatus[0]?.ServerGroupInfos[0]?.HeathCheckEnabled).toBe(false);
    expect(await nonNormal(unchecked)).toEqual([
      ['10.0.2.15', 'Unavailable'],
      ['10.0.2.16', 'Unavailable'],
    ]);
    expect(on.ListenerHealthStatus[0]?.ListenerId).toBe('lsn-lab0002');
    expect(on.ListenerHealthStatus[0]?.ListenerProtocol).toBe('TCPSSL');
    expect(await nonNormal(checked)).toEqual([['10.0.2.16', 'Unused']]);
  });

  it('pages 3 non-normal servers over 2 pages of MaxResults 2, its tokens good for this listener only', async () => {
    // Prepare
    const groupId = nlb.createServerGroup({ port: 3306 });
    for (const ip of ['10.0.2.1', '10.0.2.2', '10.0.2.3', '10.0.2.4']) nlb.seedServer(groupId, { ip });
    for (const ip of ['10.0.2.1', '10.0.2.3', '10.0.2.4']) nlb.setServerHealth(ip, 'Unhealthy');
    const listenerId = nlb.createListener(groupId, { port: 3306 });
    const other = nlb.createListener(groupId, { port: 3307 });

    // Act
    const first = await listenerHealth(listenerId, { MaxResults: 2 });
    const second = await listenerHealth(listenerId, { MaxResults: 2, NextToken: first.NextToken ?? '' });
    const misused = await failure(listenerHealth(other, { NextToken: first.NextToken ?? '' }));

    // Assess
    const ips = (response: NlbListenerHealthResponse): string[] =>
      response.ListenerHealthStatus.flatMap((listener) =>
        listener.ServerGroupInfos.flatMap((group) => group.NonNormalServers.map((row) => row.ServerIp)),
      );
    expect([ips(first), first.NextToken, first.TotalCount]).toEqual([
      ['10.0.2.1', '10.0.2.3'],
      'lab-next-1',
      3,
    ]);
    expect([ips(second), second.TotalCount]).toEqual([['10.0.2.4'], 3]);
    expect('NextToken' in second).toBe(false);
    expect(misused).toMatchObject({ code: 'IllegalParam.NextToken' });
  });

  it.each([
    ['an unknown listener', { ListenerId: 'lsn-missing' }, 'ResourceNotFound.listener', 404],
    ['no ListenerId', {}, 'MissingParam.ListenerId', 400],
    ['MaxResults 101', { ListenerId: 'lsn-lab0001', MaxResults: 101 }, 'IllegalParam.MaxResults', 400],
  ])('refuses a listener health query with %s', async (_label, params, code, statusCode) => {
    // Prepare
    const groupId = nlb.createServerGroup({ port: 3306 });
    nlb.createListener(groupId, { port: 3306 });

    // Act
    const error = await failure(client.request('GetListenerHealthStatus', params, POST));

    // Assess
    expect(error).toMatchObject({ code, entry: { response: { statusCode } } });
  });

  it("lets the NLB pool join the listener's health into describe()", async () => {
    // Prepare
    const groupId = nlb.createServerGroup({ port: 3306 });
    nlb.seedServer(groupId, { ip: '10.0.2.15' });
    nlb.seedServer(groupId, { ip: '10.0.2.16' });
    nlb.seedServer(groupId, { ip: '10.0.2.17', status: 'Removing' });
    nlb.setServerHealth('10.0.2.16', 'Unhealthy');
    nlb.setServerHealth('10.0.2.17', 'Unhealthy');
    const listenerId = nlb.createListener(groupId, { port: 3306 });
    const rpc = createAlicloudRpc({
      endpoint: server.url,
      apiVersion: '2022-04-30',
      credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET },
      timeoutMs: 3000,
      clock: virtualClock(0),
      maxAttempts: 1,
    });
    const pool = createNlbPool(
      rpc,
      { kind: 'alicloud-nlb', region: 'cn-hangzhou', serverGroupId: groupId, port: 3306, listenerId },
      { clock: virtualClock(0), jobTimeoutMs: 10_000 },
    );

    // Act
    const backends = await pool.describe(CALL);

    // Assess
    expect(backends).toEqual([
      { ip: '10.0.2.15', port: 3306, health: 'healthy', state: 'Available' },
      { ip: '10.0.2.16', port: 3306, health: 'unhealthy', state: 'Available/Unhealthy' },
      { ip: '10.0.2.17', port: 3306, health: 'draining', state: 'Removing' },
    ]);
    expect(nlb.calls.map((call) => call.action)).toEqual([
      'ListServerGroupServers',
      'GetListenerHealthStatus',
    ]);
  });
});
