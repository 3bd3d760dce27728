import { CALL, addTo, removeFrom } from '../support/pool-calls';
import { createAlicloudRpc } from '../../shared/alicloud';
import { createNlbPool } from '../../shared/backends/alicloud-nlb';
import { PoolApiError } from '../../shared/backends/errors';
import type { AlicloudNlbPoolConfig } from '../../shared/core/config-types';
import { apiError, fakePopCore, ok } from '../support/fake-pop-core';
import type { Reply } from '../support/fake-pop-core';
import { virtualClock } from '../support/virtual-clock';

const CONFIG: AlicloudNlbPoolConfig = {
  kind: 'alicloud-nlb',
  region: 'cn-hangzhou',
  serverGroupId: 'sgp-orders',
  port: 5432,
};

function poolWith(replies: Record<string, Reply[]>, jobTimeoutMs = 60_000, config = CONFIG) {
  const fake = fakePopCore(replies);
  const clock = virtualClock(0);
  let tokens = 0;
  const rpc = createAlicloudRpc({
    endpoint: 'https://nlb.cn-hangzhou.aliyuncs.com',
    apiVersion: '2022-04-30',
    credentials: { accessKeyId: 'ak', accessKeySecret: 'sk' },
    timeoutMs: 3000,
    clock,
    maxAttempts: 3,
    random: () => 0,
    newClientToken: () => `token-${++tokens}`,
    createClient: () => fake.client,
  });
  const pool = createNlbPool(rpc, config, { clock, jobPollMs: 1000, jobTimeoutMs });
  return { pool, clock, requests: fake.requests };
}

const server = (ip: string, port: number, Status: string) => ({
  ServerId: ip,
  ServerIp: ip,
  ServerType: 'Ip',
  Port: port,
  Weight: 100,
  Status,
  ZoneId: 'cn-hangzhou-h',
});
const page = (servers: unknown[], NextToken?: string) =>
  ok({ RequestId: 'R-list', Servers: servers, NextToken });
const nonNormal = (ip: string, port: number, Status: string) => ({
  ServerId: ip,
  ServerIp: ip,
  Port: port,
  Status,
  Reason: { ReasonCode: 'CONNECT_TIMEOUT' },
});
const healthPage = (groups: Record<string, unknown[]>, NextToken?: string) =>
  ok({
    RequestId: 'R-health',
    ListenerHealthStatus: [
      {
        ListenerId: 'lsn-orders',
        ListenerPort: 5432,
        ListenerProtocol: 'TCP',
        ServerGroupInfos: Object.entries(groups).map(([ServerGroupId, NonNormalServers]) => ({
          ServerGroupId,
          HeathCheckEnabled: true,
          NonNormalServers,
        })),
      },
    ],
    NextToken,
    MaxResults: 20,
  });
const WITH_LISTENER: AlicloudNlbPoolConfig = { ...CONFIG, listenerId: 'lsn-orders' };
const job = (JobId: string) => ok({ RequestId: 'R-job', JobId });
const status = (Status: string) => ok({ RequestId: 'R-status', Status });

const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

describe('NLB pool: describe', () => {
  it('reads every page and maps server statuses to health', async () => {
    // Prepare
    const { pool, requests } = poolWith({
      ListServerGroupServers: [
        page([server('10.0.1.10', 5432, 'Available'), server('10.0.1.20', 5432, 'Adding')], 'page-2'),
        page([server('10.0.1.30', 5432, 'Configuring'), server('10.0.1.40', 5432, 'Removing')], 'page-3'),
        page([server('10.0.1.50', 3306, 'Upgrading')], ''),
      ],
    });
    // Act
    const backends = await pool.describe(CALL);
    // Assess
    expect(backends).toEqual([
      { ip: '10.0.1.10', port: 5432, health: 'healthy', state: 'Available' },
      { ip: '10.0.1.20', port: 5432, health: 'pending', state: 'Adding' },
      { ip: '10.0.1.30', port: 5432, health: 'pending', state: 'Configuring' },
      { ip: '10.0.1.40', port: 5432, health: 'draining', state: 'Removing' },
      { ip: '10.0.1.50', port: 3306, health: 'pending', state: 'Upgrading' },
    ]);
    expect(requests.map((r) => r.params)).toEqual([
      { RegionId: 'cn-hangzhou', ServerGroupId: 'sgp-orders', MaxResults: 100 },
      { RegionId: 'cn-hangzhou', ServerGroupId: 'sgp-orders', MaxResults: 100, NextToken: 'page-2' },
      { RegionId: 'cn-hangzhou', ServerGroupId: 'sgp-orders', MaxResults: 100, NextToken: 'page-3' },
    ]);
  });

  it('names the pool, the step and the code when the API fails, keeping the cause', async () => {
    // Prepare
    const { pool } = poolWith({
      ListServerGroupServers: [apiError('ResourceNotFound.serverGroup', 'The server group does not exist.')],
    });
    // Act
    const error = await failure(pool.describe(CALL));
    // Assess
    expect(error).toBeInstanceOf(PoolApiError);
    expect(error).toMatchObject({
      pool: 'alicloud-nlb cn-hangzhou/sgp-orders',
      step: 'describe',
      code: 'ResourceNotFound.serverGroup',
      message:
        'describe on alicloud-nlb cn-hangzhou/sgp-orders failed: ResourceNotFound.serverGroup: ListServerGroupServers: The server group does not exist. (RequestId R-ResourceNotFound.serverGroup)',
    });
    expect((error as Error).cause).toMatchObject({ name: 'AlicloudApiError' });
  });

  it('stops on a page token it has already seen', async () => {
    // Prepare
    const { pool } = poolWith({
      ListServerGroupServers: [page([], 'loop'), page([], 'loop')],
    });
    // Act
    const error = await failure(pool.describe(CALL));
    // Assess
    expect(error).toMatchObject({ step: 'describe', code: 'PaginationLoop' });
  });
});

describe('NLB pool: describe with listener health', () => {
  it("joins the listener's word on the group's Available servers only", async () => {
    // Prepare
    const { pool, requests } = poolWith(
      {
        ListServerGroupServers: [
          page([
            server('10.0.1.10', 5432, 'Available'),
            server('10.0.1.20', 5432, 'Available'),
            server('10.0.1.30', 5432, 'Available'),
            server('10.0.1.40', 5432, 'Available'),
            server('10.0.1.50', 5432, 'Available'),
            server('10.0.1.60', 5432, 'Adding'),
            server('10.0.1.70', 5432, 'Removing'),
            server('10.0.1.80', 5432, 'Available'),
          ]),
        ],
        GetListenerHealthStatus: [
          healthPage({
            'sgp-orders': [
              nonNormal('10.0.1.10', 3306, 'Unhealthy'),
              nonNormal('10.0.1.20', 5432, 'Unhealthy'),
              nonNormal('10.0.1.30', 5432, 'Initial'),
              nonNormal('10.0.1.40', 5432, 'Unused'),
              nonNormal('10.0.1.50', 5432, 'Unavailable'),
              nonNormal('10.0.1.60', 5432, 'Initial'),
              nonNormal('10.0.1.70', 5432, 'Unhealthy'),
            ],
            'sgp-other': [nonNormal('10.0.1.80', 5432, 'Unhealthy')],
          }),
        ],
      },
      60_000,
      WITH_LISTENER,
    );
    // Act
    const backends = await pool.describe(CALL);
    // Assess
    expect(backends).toEqual([
      { ip: '10.0.1.10', port: 5432, health: 'healthy', state: 'Available' },
      { ip: '10.0.1.20', port: 5432, health: 'unhealthy', state: 'Available/Unhealthy' },
      { ip: '10.0.1.30', port: 5432, health: 'pending', state: 'Available/Initial' },
      { ip: '10.0.1.40', port: 5432, health: 'pending', state: 'Available/Unused' },
      { ip: '10.0.1.50', port: 5432, health: 'pending', state: 'Available/Unavailable' },
      { ip: '10.0.1.60', port: 5432, health: 'pending', state: 'Adding' },
      { ip: '10.0.1.70', port: 5432, health: 'draining', state: 'Removing' },
      { ip: '10.0.1.80', port: 5432, health: 'healthy', state: 'Available' },
    ]);
    expect(requests).toEqual([
      {
        action: 'ListServerGroupServers',
        params: { RegionId: 'cn-hangzhou', ServerGroupId: 'sgp-orders', MaxResults: 100 },
      },
      {
        action: 'GetListenerHealthStatus',
        params: { RegionId: 'cn-hangzhou', ListenerId: 'lsn-orders' },
      },
    ]);
  });

  it('reads every page of the listener health, sending each NextToken back', async () => {
    // Prepare
    const { pool, requests } = poolWith(
      {
        ListServerGroupServers: [
          page([server('10.0.1.10', 5432, 'Available'), server('10.0.1.20', 5432, 'Available')]),
        ],
        GetListenerHealthStatus: [
          healthPage({ 'sgp-orders': [nonNormal('10.0.1.10', 5432, 'Initial')] }, 'health-2'),
          healthPage({ 'sgp-orders': [nonNormal('10.0.1.20', 5432, 'Unhealthy')] }, ''),
        ],
      },
      60_000,
      WITH_LISTENER,
    );
    // Act
    const backends = await pool.describe(CALL);
    // Assess
    expect(backends).toEqual([
      { ip: '10.0.1.10', port: 5432, health: 'pending', state: 'Available/Initial' },
      { ip: '10.0.1.20', port: 5432, health: 'unhealthy', state: 'Available/Unhealthy' },
    ]);
    expect(requests.filter((r) => r.action === 'GetListenerHealthStatus').map((r) => r.params)).toEqual([
      { RegionId: 'cn-hangzhou', ListenerId: 'lsn-orders' },
      { RegionId: 'cn-hangzhou', ListenerId: 'lsn-orders', NextToken: 'health-2' },
    ]);
  });

  it('stops on a listener health page token it has already seen', async () => {
    // Prepare
    const { pool } = poolWith(
      {
        ListServerGroupServers: [page([server('10.0.1.10', 5432, 'Available')])],
        GetListenerHealthStatus: [healthPage({}, 'loop'), healthPage({}, 'loop')],
      },
      60_000,
      WITH_LISTENER,
    );
    // Act
    const error = await failure(pool.describe(CALL));
    // Assess
    expect(error).toBeInstanceOf(PoolApiError);
    expect(error).toMatchObject({
      step: 'describe',
      code: 'PaginationLoop',
      message:
        'describe on alicloud-nlb cn-hangzhou/sgp-orders failed: PaginationLoop: GetListenerHealthStatus repeated a NextToken',
    });
  });

  it.each([
    [
      'an error body without Code',
      { RequestId: 'R-odd', Message: 'The listener is busy.' },
      'describe on alicloud-nlb cn-hangzhou/sgp-orders failed: UnexpectedResponse: GetListenerHealthStatus returned an unexpected response: ListenerHealthStatus: missing (Message: The listener is busy.)',
    ],
    [
      'a non-normal server without Port',
      {
        ListenerHealthStatus: [
          {
            ServerGroupInfos: [
              {
                ServerGroupId: 'sgp-orders',
                NonNormalServers: [{ ServerId: '10.0.1.10', Status: 'Unhealthy' }],
              },
            ],
          },
        ],
      },
      'describe on alicloud-nlb cn-hangzhou/sgp-orders failed: UnexpectedResponse: GetListenerHealthStatus returned an unexpected response: ListenerHealthStatus.0.ServerGroupInfos.0.NonNormalServers.0.Port: missing',
    ],
  ])('fails the describe step on %s', async (_label, body, message) => {
    // Prepare
    const { pool } = poolWith(
      {
        ListServerGroupServers: [page([server('10.0.1.10', 5432, 'Available')])],
        GetListenerHealthStatus: [ok(body)],
      },
      60_000,
      WITH_LISTENER,
    );
    // Act
    const error = await failure(pool.describe(CALL));
    // Assess
    expect(error).toBeInstanceOf(PoolApiError);
    expect(error).toMatchObject({ step: 'describe', code: 'UnexpectedResponse', message });
  });

  it('fails the describe step with the code of an unknown listener', async () => {
    // Prepare
    const { pool } = poolWith(
      {
        ListServerGroupServers: [page([server('10.0.1.10', 5432, 'Available')])],
        GetListenerHealthStatus: [
          apiError('ResourceNotFound.listener', 'The specified resource of listener is not found.'),
        ],
      },
      60_000,
      WITH_LISTENER,
    );
    // Act
    const error = await failure(pool.describe(CALL));
    // Assess
    expect(error).toMatchObject({ step: 'describe', code: 'ResourceNotFound.listener' });
  });

  it('reads the listener health only to describe, not to register', async () => {
    // Prepare
    const { pool, requests } = poolWith(
      { ListServerGroupServers: [page([server('10.0.1.10', 5432, 'Available')])] },
      60_000,
      WITH_LISTENER,
    );
    // Act
    await addTo(pool, [{ ip: '10.0.1.10', port: 5432 }]);
    // Assess
    expect(requests.map((r) => r.action)).toEqual(['ListServerGroupServers']);
  });
});

describe('NLB pool: register', () => {
  it('adds the missing servers as Ip servers and waits for the job to succeed', async () => {
    // Prepare
    const { pool, requests, clock } = poolWith({
      ListServerGroupServers: [page([server('10.0.1.10', 5432, 'Available')])],
      AddServersToServerGroup: [job('job-add')],
      GetJobStatus: [status('processing'), status('processing'), status('Succeeded')],
    });
    // Act
    await addTo(pool, [
      { ip: '10.0.1.10', port: 5432 },
      { ip: '10.0.1.20', port: 5432 },
    ]);
    // Assess
    expect(requests.slice(1)).toEqual([
      {
        action: 'AddServersToServerGroup',
        params: {
          RegionId: 'cn-hangzhou',
          ServerGroupId: 'sgp-orders',
          Servers: [
            {
              ServerId: '10.0.1.20',
              ServerType: 'Ip',
              ServerIp: '10.0.1.20',
              Port: 5432,
              Weight: 100,
              Description: 'rds-failover-sync',
            },
          ],
          ClientToken: 'token-1',
        },
      },
      { action: 'GetJobStatus', params: { JobId: 'job-add' } },
      { action: 'GetJobStatus', params: { JobId: 'job-add' } },
      { action: 'GetJobStatus', params: { JobId: 'job-add' } },
    ]);
    expect(clock.now()).toBe(3000);
  });

  it('adds nothing when every server is already there, and nothing for an empty list', async () => {
    // Prepare
    const { pool, requests } = poolWith({
      ListServerGroupServers: [page([server('10.0.1.10', 5432, 'Adding')])],
    });
    // Act
    await addTo(pool, [{ ip: '10.0.1.10', port: 5432 }]);
    await addTo(pool, []);
    // Assess
    expect(requests.map((r) => r.action)).toEqual(['ListServerGroupServers']);
  });

  it('adds again a server that is being removed', async () => {
    // Prepare
    const { pool, requests } = poolWith({
      ListServerGroupServers: [page([server('10.0.1.10', 5432, 'Removing')])],
      AddServersToServerGroup: [job('job-add')],
      GetJobStatus: [status('Succeeded')],
    });
    // Act
    await addTo(pool, [{ ip: '10.0.1.10', port: 5432 }]);
    // Assess
    expect(requests.map((r) => r.action)).toEqual([
      'ListServerGroupServers',
      'AddServersToServerGroup',
      'GetJobStatus',
    ]);
  });

  it('retries while a job is still running on the group, with the same ClientToken', async () => {
    // Prepare
    const { pool, requests } = poolWith({
      ListServerGroupServers: [page([])],
      AddServersToServerGroup: [
        apiError('IncorrectStatus.serverGroup', 'The status of the server group is incorrect.'),
        job('job-add'),
      ],
      GetJobStatus: [status('Succeeded')],
    });
    // Act
    await addTo(pool, [{ ip: '10.0.1.20', port: 5432 }]);
    // Assess
    const adds = requests.filter((r) => r.action === 'AddServersToServerGroup');
    expect(adds.map((r) => r.params['ClientToken'])).toEqual(['token-1', 'token-1']);
  });

  it('splits more than 40 servers into calls of 40, each with its own job', async () => {
    // Prepare
    const backends = Array.from({ length: 41 }, (_, i) => ({ ip: `10.0.2.${i + 1}`, port: 5432 }));
    const { pool, requests } = poolWith({
      ListServerGroupServers: [page([])],
      AddServersToServerGroup: [job('job-1'), job('job-2')],
      GetJobStatus: [status('Succeeded'), status('Succeeded')],
    });
    // Act
    await addTo(pool, backends);
    // Assess
    const adds = requests.filter((r) => r.action === 'AddServersToServerGroup');
    expect(adds.map((r) => (r.params['Servers'] as unknown[]).length)).toEqual([40, 1]);
    expect(requests.filter((r) => r.action === 'GetJobStatus').map((r) => r.params)).toEqual([
      { JobId: 'job-1' },
      { JobId: 'job-2' },
    ]);
  });

  it('fails with JobFailed when the job fails', async () => {
    // Prepare
    const { pool } = poolWith({
      ListServerGroupServers: [page([])],
      AddServersToServerGroup: [job('job-add')],
      GetJobStatus: [status('processing'), status('Failed')],
    });
    // Act
    const error = await failure(addTo(pool, [{ ip: '10.0.1.20', port: 5432 }]));
    // Assess
    expect(error).toBeInstanceOf(PoolApiError);
    expect(error).toMatchObject({
      step: 'register',
      code: 'JobFailed',
      message:
        'register on alicloud-nlb cn-hangzhou/sgp-orders failed: JobFailed: AddServersToServerGroup job job-add ended Failed after 2000 ms',
    });
  });

  it('fails with JobTimeout when the job is not done by jobTimeoutMs', async () => {
    // Prepare
    const { pool, requests, clock } = poolWith(
      {
        ListServerGroupServers: [page([])],
        AddServersToServerGroup: [job('job-add')],
        GetJobStatus: [status('processing'), status('processing'), status('processing'), status('Succeeded')],
      },
      2500,
    );
    // Act
    const error = await failure(addTo(pool, [{ ip: '10.0.1.20', port: 5432 }]));
    // Assess
    expect(error).toMatchObject({
      step: 'register',
      code: 'JobTimeout',
      message:
        'register on alicloud-nlb cn-hangzhou/sgp-orders failed: JobTimeout: AddServersToServerGroup job job-add still processing after 2500 ms',
    });
    expect(requests.filter((r) => r.action === 'GetJobStatus')).toHaveLength(3);
    expect(clock.now()).toBe(2500);
  });
});

describe('NLB pool: deregister', () => {
  it('removes by IP and port and waits for the job', async () => {
    // Prepare
    const { pool, requests } = poolWith({
      RemoveServersFromServerGroup: [job('job-rm')],
      GetJobStatus: [status('Succeeded')],
    });
    // Act
    await removeFrom(pool, [{ ip: '10.0.1.10', port: 5432 }]);
    // Assess
    expect(requests).toEqual([
      {
        action: 'RemoveServersFromServerGroup',
        params: {
          RegionId: 'cn-hangzhou',
          ServerGroupId: 'sgp-orders',
          Servers: [{ ServerId: '10.0.1.10', ServerType: 'Ip', ServerIp: '10.0.1.10', Port: 5432 }],
          ClientToken: 'token-1',
        },
      },
      { action: 'GetJobStatus', params: { JobId: 'job-rm' } },
    ]);
  });

  it('treats a server that is already gone as removed', async () => {
    // Prepare
    const { pool, requests } = poolWith({
      RemoveServersFromServerGroup: [
        apiError('ResourceNotFound.BackendServer', 'The backend server is not found.'),
      ],
    });
    // Act
    await removeFrom(pool, [{ ip: '10.0.1.10', port: 5432 }]);
    // Assess
    expect(requests.map((r) => r.action)).toEqual(['RemoveServersFromServerGroup']);
  });

  it('removes one by one when a batch fails because one of its servers is gone', async () => {
    // Prepare
    const notFound = () => apiError('ResourceNotFound.BackendServer', 'The backend server is not found.');
    const { pool, requests } = poolWith({
      RemoveServersFromServerGroup: [notFound(), notFound(), job('job-b')],
      GetJobStatus: [status('Succeeded')],
    });
    // Act
    await removeFrom(pool, [
      { ip: '10.0.1.10', port: 5432 },
      { ip: '10.0.1.20', port: 5432 },
    ]);
    // Assess
    const removes = requests.filter((r) => r.action === 'RemoveServersFromServerGroup');
    expect(
      removes.map((r) => (r.params['Servers'] as { ServerId: string }[]).map((s) => s.ServerId)),
    ).toEqual([['10.0.1.10', '10.0.1.20'], ['10.0.1.10'], ['10.0.1.20']]);
    expect(requests.filter((r) => r.action === 'GetJobStatus').map((r) => r.params)).toEqual([
      { JobId: 'job-b' },
    ]);
  });

  it('fails on any other error, as a PoolApiError of the deregister step', async () => {
    // Prepare
    const { pool } = poolWith({
      RemoveServersFromServerGroup: [
        apiError('Forbidden.RAM', 'User not authorized to operate on the specified resource.'),
      ],
    });
    // Act
    const error = await failure(removeFrom(pool, [{ ip: '10.0.1.10', port: 5432 }]));
    // Assess
    expect(error).toBeInstanceOf(PoolApiError);
    expect(error).toMatchObject({ step: 'deregister', code: 'Forbidden.RAM' });
  });
});
