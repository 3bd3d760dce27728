import { CALL, addTo, removeFrom, replaceIn } from '../support/pool-calls';
import { createAlicloudRpc } from '../../shared/alicloud';
import { createClbRelayGroup } from '../../shared/backends/alicloud-clb';
import { PoolApiError } from '../../shared/backends/errors';
import type { AlicloudClbPoolConfig } from '../../shared/core/config-types';
import type { RelayAddress } from '../../shared/core/relay-plan';
import { apiError, fakePopCore, ok } from '../support/fake-pop-core';
import type { Reply } from '../support/fake-pop-core';
import { virtualClock } from '../support/virtual-clock';

const CONFIG: AlicloudClbPoolConfig = {
  kind: 'alicloud-clb',
  region: 'cn-hangzhou',
  loadBalancerId: 'lb-orders',
  vServerGroupId: 'rsp-relays',
  listenerPort: 3306,
  port: 3306,
  relays: ['i-a', 'i-b', 'i-c'],
  activeRelays: 2,
  weight: 100,
};

function groupWith(replies: Record<string, Reply[]>) {
  const fake = fakePopCore(replies);
  const rpc = createAlicloudRpc({
    endpoint: 'https://slb.aliyuncs.com',
    apiVersion: '2014-05-15',
    credentials: { accessKeyId: 'ak', accessKeySecret: 'sk' },
    timeoutMs: 3000,
    clock: virtualClock(0),
    maxAttempts: 1,
    createClient: () => fake.client,
  });
  return { group: createClbRelayGroup(rpc, CONFIG), requests: fake.requests };
}

const member = (serverId: string, weight = 100): RelayAddress => ({ serverId, port: 3306, weight });
const changed = ok({
  RequestId: 'R-change',
  VServerGroupId: 'rsp-relays',
  BackendServers: { BackendServer: [] },
});

const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

describe('CLB relay group: describe', () => {
  it("joins the group's members with the listener's health checks by server and port", async () => {
    // Prepare
    const { group, requests } = groupWith({
      DescribeVServerGroupAttribute: [
        ok({
          RequestId: 'R-1',
          VServerGroupId: 'rsp-relays',
          BackendServers: {
            BackendServer: [
              { ServerId: 'i-a', Port: 3306, Weight: 100, Type: 'ecs' },
              { ServerId: 'i-b', Port: 3306, Weight: 50, Type: 'ecs' },
              { ServerId: 'i-c', Port: 3306, Weight: 100, Type: 'ecs' },
              { ServerId: 'i-d', Port: 3307, Weight: 100, Type: 'ecs' },
            ],
          },
        }),
      ],
      DescribeHealthStatus: [
        ok({
          RequestId: 'R-2',
          BackendServers: {
            BackendServer: [
              { ListenerPort: 3306, Port: 3306, ServerId: 'i-a', ServerHealthStatus: 'normal' },
              { ListenerPort: 3306, Port: 3306, ServerId: 'i-b', ServerHealthStatus: 'abnormal' },
              { ListenerPort: 3306, Port: 3307, ServerId: 'i-c', ServerHealthStatus: 'abnormal' },
              { ListenerPort: 3306, Port: 3307, ServerId: 'i-d', ServerHealthStatus: 'unavailable' },
            ],
          },
        }),
      ],
    });
    // Act
    const members = await group.describe(CALL);
    // Assess
    expect(members).toEqual([
      { serverId: 'i-a', port: 3306, weight: 100, health: 'healthy', state: 'normal' },
      { serverId: 'i-b', port: 3306, weight: 50, health: 'unhealthy', state: 'abnormal' },
      { serverId: 'i-c', port: 3306, weight: 100, health: 'pending', state: 'unknown' },
      { serverId: 'i-d', port: 3307, weight: 100, health: 'pending', state: 'unavailable' },
    ]);
    expect(requests).toEqual([
      {
        action: 'DescribeVServerGroupAttribute',
        params: { RegionId: 'cn-hangzhou', VServerGroupId: 'rsp-relays' },
      },
      {
        action: 'DescribeHealthStatus',
        params: { RegionId: 'cn-hangzhou', LoadBalancerId: 'lb-orders', ListenerPort: 3306 },
      },
    ]);
  });

  it('keeps the worse of two health rows and calls an unknown status unknown', async () => {
    // Prepare
    const { group } = groupWith({
      DescribeVServerGroupAttribute: [
        ok({
          VServerGroupId: 'rsp-relays',
          BackendServers: {
            BackendServer: [
              { ServerId: 'i-a', Port: '3306', Weight: '100' },
              { ServerId: 'i-b', Port: 3306, Weight: 100 },
            ],
          },
        }),
      ],
      DescribeHealthStatus: [
        ok({
          BackendServers: {
            BackendServer: [
              { Port: 3306, ServerId: 'i-a', ServerHealthStatus: 'normal' },
              { Port: 3306, ServerId: 'i-a', ServerHealthStatus: 'abnormal' },
              { Port: 3306, ServerId: 'i-a', ServerHealthStatus: 'normal' },
              { Port: 3306, ServerId: 'i-b', ServerHealthStatus: 'initializing' },
            ],
          },
        }),
      ],
    });
    // Act
    const members = await group.describe(CALL);
    // Assess
    expect(members).toEqual([
      { serverId: 'i-a', port: 3306, weight: 100, health: 'unhealthy', state: 'abnormal' },
      { serverId: 'i-b', port: 3306, weight: 100, health: 'pending', state: 'unknown' },
    ]);
  });

  it('reads an empty group that comes without BackendServers', async () => {
    // Prepare
    const { group } = groupWith({
      DescribeVServerGroupAttribute: [ok({ RequestId: 'R-1', VServerGroupId: 'rsp-relays' })],
      DescribeHealthStatus: [ok({ RequestId: 'R-2', BackendServers: { BackendServer: [] } })],
    });
    // Act
    const members = await group.describe(CALL);
    // Assess
    expect(members).toEqual([]);
  });

  it('refuses an error body without Code as a PoolApiError of the describe step', async () => {
    // Prepare
    const { group } = groupWith({
      DescribeVServerGroupAttribute: [
        ok({ RequestId: 'R-1', Message: 'The specified VServerGroupId does not exist.' }),
      ],
      DescribeHealthStatus: [ok({ RequestId: 'R-2', BackendServers: { BackendServer: [] } })],
    });
    // Act
    const error = await failure(group.describe(CALL));
    // Assess
    expect(error).toBeInstanceOf(PoolApiError);
    expect(error).toMatchObject({
      pool: 'alicloud-clb cn-hangzhou/lb-orders/rsp-relays',
      step: 'describe',
      code: 'UnexpectedResponse',
      message:
        'describe on alicloud-clb cn-hangzhou/lb-orders/rsp-relays failed: UnexpectedResponse: DescribeVServerGroupAttribute returned an unexpected response: VServerGroupId: missing (Message: The specified VServerGroupId does not exist.)',
    });
  });
});

describe('CLB relay group: add and remove', () => {
  it('sends the members as a JSON string', async () => {
    // Prepare
    const { group, requests } = groupWith({
      AddVServerGroupBackendServers: [changed],
      RemoveVServerGroupBackendServers: [changed],
    });
    // Act
    await addTo(group, [member('i-a'), member('i-b', 50)]);
    await removeFrom(group, [member('i-c')]);
    // Assess
    expect(requests).toEqual([
      {
        action: 'AddVServerGroupBackendServers',
        params: {
          RegionId: 'cn-hangzhou',
          VServerGroupId: 'rsp-relays',
          BackendServers:
            '[{"ServerId":"i-a","Port":3306,"Weight":100,"Type":"ecs"},{"ServerId":"i-b","Port":3306,"Weight":50,"Type":"ecs"}]',
        },
      },
      {
        action: 'RemoveVServerGroupBackendServers',
        params: {
          RegionId: 'cn-hangzhou',
          VServerGroupId: 'rsp-relays',
          BackendServers: '[{"ServerId":"i-c","Port":3306,"Weight":100,"Type":"ecs"}]',
        },
      },
    ]);
  });

  it('splits more than 20 members into calls of 20', async () => {
    // Prepare
    const members = Array.from({ length: 21 }, (_, i) => member(`i-${i + 1}`));
    const { group, requests } = groupWith({
      AddVServerGroupBackendServers: [changed, changed],
      RemoveVServerGroupBackendServers: [changed, changed],
    });
    // Act
    await addTo(group, members);
    await removeFrom(group, members);
    // Assess
    const counts = requests.map((r) => [
      r.action,
      (JSON.parse(r.params['BackendServers'] as string) as unknown[]).length,
    ]);
    expect(counts).toEqual([
      ['AddVServerGroupBackendServers', 20],
      ['AddVServerGroupBackendServers', 1],
      ['RemoveVServerGroupBackendServers', 20],
      ['RemoveVServerGroupBackendServers', 1],
    ]);
  });

  it('makes no call for an empty list', async () => {
    // Prepare
    const { group, requests } = groupWith({});
    // Act
    await addTo(group, []);
    await removeFrom(group, []);
    await replaceIn(group, [], []);
    // Assess
    expect(requests).toEqual([]);
  });

  it('reports a failed add as a register step and a failed remove as a deregister step', async () => {
    // Prepare
    const { group } = groupWith({
      AddVServerGroupBackendServers: [
        apiError('BackendServer.configuring', 'A previous configuration is in progress.'),
      ],
      RemoveVServerGroupBackendServers: [apiError('InvalidParameter', 'The backend server is invalid.')],
    });
    // Act
    const added = await failure(addTo(group, [member('i-a')]));
    const removed = await failure(removeFrom(group, [member('i-a')]));
    // Assess
    expect(added).toMatchObject({ step: 'register', code: 'BackendServer.configuring' });
    expect(removed).toMatchObject({ step: 'deregister', code: 'InvalidParameter' });
  });
});

describe('CLB relay group: replace', () => {
  it('swaps old members for new ones in a single call', async () => {
    // Prepare
    const { group, requests } = groupWith({ ModifyVServerGroupBackendServers: [changed] });
    // Act
    await replaceIn(group, [member('i-a'), member('i-b')], [member('i-c'), member('i-d')]);
    // Assess
    expect(requests).toEqual([
      {
        action: 'ModifyVServerGroupBackendServers',
        params: {
          RegionId: 'cn-hangzhou',
          VServerGroupId: 'rsp-relays',
          OldBackendServers:
            '[{"ServerId":"i-a","Port":3306,"Weight":100,"Type":"ecs"},{"ServerId":"i-b","Port":3306,"Weight":100,"Type":"ecs"}]',
          NewBackendServers:
            '[{"ServerId":"i-c","Port":3306,"Weight":100,"Type":"ecs"},{"ServerId":"i-d","Port":3306,"Weight":100,"Type":"ecs"}]',
        },
      },
    ]);
  });

  it('refuses lists of different lengths before calling', async () => {
    // Prepare
    const { group, requests } = groupWith({ ModifyVServerGroupBackendServers: [changed] });
    // Act
    const error = await failure(replaceIn(group, [member('i-a'), member('i-b')], [member('i-c')]));
    // Assess
    expect(error).toBeInstanceOf(PoolApiError);
    expect(error).toMatchObject({
      step: 'register',
      code: 'UnequalReplace',
      message:
        'register on alicloud-clb cn-hangzhou/lb-orders/rsp-relays failed: UnequalReplace: ModifyVServerGroupBackendServers swaps one backend for one: 2 old, 1 new',
    });
    expect(requests).toEqual([]);
  });
});
