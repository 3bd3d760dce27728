import { ClbEmulator } from '../../lab/alicloud/clb-emulator';
import type {
  ClbBackendServerParam,
  ClbHealthStatusResponse,
  ClbVServerGroupResponse,
} from '../../lab/alicloud/clb-types';
import { type PopClient, type PopParams } from '../../lab/alicloud/pop-client';
import { type RpcServer } from '../../lab/alicloud/server';
import { serveWithClient } from '../support/serve-emulator';

const POST = { method: 'POST' } as const;
const REGION = { RegionId: 'cn-hangzhou' } as const;

let nowMs: number;
let clb: ClbEmulator;
let server: RpcServer;
let client: PopClient;
let loadBalancerId: string;
let groupId: string;

const backends = (list: ClbBackendServerParam[]): string => JSON.stringify(list);

const call = <T>(action: string, params: PopParams): Promise<T> =>
  client.request<T>(action, { ...REGION, ...params }, POST);

const describeGroup = (): Promise<ClbVServerGroupResponse> =>
  call<ClbVServerGroupResponse>('DescribeVServerGroupAttribute', { VServerGroupId: groupId });

const health = async (params: PopParams = {}): Promise<[string, number, string][]> =>
  (
    await call<ClbHealthStatusResponse>('DescribeHealthStatus', { LoadBalancerId: loadBalancerId, ...params })
  ).BackendServers.BackendServer.map((row) => [row.ServerId, row.ListenerPort, row.ServerHealthStatus]);

const failure = async (pending: Promise<unknown>): Promise<unknown> =>
  pending.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );

beforeEach(async () => {
  nowMs = 1_767_225_600_000;
  clb = new ClbEmulator({ now: () => nowMs });
  loadBalancerId = clb.createLoadBalancer({ healthyAfterMs: 15_000 });
  groupId = clb.createVServerGroup(loadBalancerId, { name: 'orders-relays', listenerPort: 3306 });
  clb.createInstance('i-relay-a', '10.0.1.10');
  clb.createInstance('i-relay-b', '10.0.1.11');
  ({ server, client } = await serveWithClient(clb));
});

afterEach(async () => {
  await server.close();
});

describe('ClbEmulator VServer groups through the real pop-core client', () => {
  it('describes a group with its backends nested under BackendServers.BackendServer', async () => {
    // Prepare
    clb.seedBackend(groupId, { serverId: 'i-relay-a', port: 3306, weight: 80 });

    // Act
    const response = await describeGroup();

    // Assess
    expect(response).toEqual({
      RequestId: 'LAB-REQUEST-ID',
      VServerGroupId: 'rsp-lab0001',
      VServerGroupName: 'orders-relays',
      LoadBalancerId: 'lb-lab0001',
      BackendServers: {
        BackendServer: [
          {
            ServerId: 'i-relay-a',
            Port: 3306,
            Weight: 80,
            Type: 'ecs',
            Description: '',
            ServerIp: '10.0.1.10',
          },
        ],
      },
    });
  });

  it('adds backends from a JSON string and answers the group after the change', async () => {
    // Prepare
    clb.seedBackend(groupId, { serverId: 'i-relay-a', port: 3306 });

    // Act
    const response = await call<ClbVServerGroupResponse>('AddVServerGroupBackendServers', {
      VServerGroupId: groupId,
      BackendServers: backends([
        { ServerId: 'i-relay-b', Port: 3306, Weight: 100, Type: 'ecs', Description: 'relay-b' },
      ]),
    });

    // Assess
    expect(response).toEqual({
      RequestId: 'LAB-REQUEST-ID',
      VServerGroupId: 'rsp-lab0001',
      BackendServers: {
        BackendServer: [
          {
            ServerId: 'i-relay-a',
            Port: 3306,
            Weight: 100,
            Type: 'ecs',
            Description: '',
            ServerIp: '10.0.1.10',
          },
          {
            ServerId: 'i-relay-b',
            Port: 3306,
            Weight: 100,
            Type: 'ecs',
            Description: 'relay-b',
            ServerIp: '10.0.1.11',
          },
        ],
      },
    });
    expect(clb.calls[0]?.params).toEqual({
      RegionId: 'cn-hangzhou',
      VServerGroupId: 'rsp-lab0001',
      BackendServers:
        '[{"ServerId":"i-relay-b","Port":3306,"Weight":100,"Type":"ecs","Description":"relay-b"}]',
    });
  });

  it('reports a fresh backend unavailable for healthyAfterMs, then its instance health', async () => {
    // Prepare
    await call('AddVServerGroupBackendServers', {
      VServerGroupId: groupId,
      BackendServers: backends([{ ServerId: 'i-relay-a', Port: 3306 }]),
    });

    // Act
    const atOnce = await health();
    nowMs += 14_999;
    const justBefore = await health();
    nowMs += 1;
    const after = await health();
    clb.setInstanceHealth('i-relay-a', 'abnormal');
    const down = await health();

    // Assess
    expect(atOnce).toEqual([['i-relay-a', 3306, 'unavailable']]);
    expect(justBefore).toEqual([['i-relay-a', 3306, 'unavailable']]);
    expect(after).toEqual([['i-relay-a', 3306, 'normal']]);
    expect(down).toEqual([['i-relay-a', 3306, 'abnormal']]);
  });

  it('describes health of every group of the load balancer, or of one listener port', async () => {
    // Prepare
    const replicaGroup = clb.createVServerGroup(loadBalancerId, { listenerPort: 3307 });
    const unlistened = clb.createVServerGroup(loadBalancerId);
    clb.seedBackend(groupId, { serverId: 'i-relay-a', port: 3306 });
    clb.seedBackend(replicaGroup, { serverId: 'i-relay-b', port: 3306 });
    clb.seedBackend(unlistened, { serverId: 'i-relay-b', port: 3308 });

    // Act
    const all = await call<ClbHealthStatusResponse>('DescribeHealthStatus', {
      LoadBalancerId: loadBalancerId,
    });
    const one = await health({ ListenerPort: 3307 });

    // Assess
    expect(all.BackendServers.BackendServer).toEqual([
      {
        ListenerPort: 3306,
        Port: 3306,
        Protocol: 'tcp',
        ServerHealthStatus: 'normal',
        ServerId: 'i-relay-a',
        ServerIp: '10.0.1.10',
      },
      {
        ListenerPort: 3307,
        Port: 3306,
        Protocol: 'tcp',
        ServerHealthStatus: 'normal',
        ServerId: 'i-relay-b',
        ServerIp: '10.0.1.11',
      },
    ]);
    expect(one).toEqual([['i-relay-b', 3307, 'normal']]);
  });

  it('replaces backends in one Modify call, keeping the health of one whose weight alone changed', async () => {
    // Prepare
    clb.seedBackend(groupId, { serverId: 'i-relay-a', port: 3306 });
    clb.createInstance('i-relay-c', '10.0.1.12');
    clb.seedBackend(groupId, { serverId: 'i-relay-c', port: 3306 });

    // Act
    const response = await call<ClbVServerGroupResponse>('ModifyVServerGroupBackendServers', {
      VServerGroupId: groupId,
      OldBackendServers: backends([
        { ServerId: 'i-relay-a', Port: 3306 },
        { ServerId: 'i-relay-c', Port: 3306 },
      ]),
      NewBackendServers: backends([
        { ServerId: 'i-relay-b', Port: 3306 },
        { ServerId: 'i-relay-c', Port: 3306, Weight: 50 },
      ]),
    });

    // Assess
    expect(response.BackendServers.BackendServer.map((row) => [row.ServerId, row.Weight])).toEqual([
      ['i-relay-b', 100],
      ['i-relay-c', 50],
    ]);
    expect(clb.backends(groupId).map((backend) => [backend.serverId, backend.health])).toEqual([
      ['i-relay-b', 'unavailable'],
      ['i-relay-c', 'normal'],
    ]);
  });

  it.each([
    [
      'lists of different lengths',
      [{ ServerId: 'i-relay-a', Port: 3306 }],
      [
        { ServerId: 'i-relay-b', Port: 3306 },
        { ServerId: 'i-relay-b', Port: 3307 },
      ],
      'InvalidParameter',
    ],
    [
      'an unknown new instance',
      [{ ServerId: 'i-relay-a', Port: 3306 }],
      [{ ServerId: 'i-gone', Port: 3306 }],
      'InvalidBackendServers.ServerIdNoExist',
    ],
    [
      'an old backend not in the group',
      [{ ServerId: 'i-relay-b', Port: 3306 }],
      [{ ServerId: 'i-relay-b', Port: 3307 }],
      'InvalidParameter',
    ],
  ])('refuses a Modify with %s and changes nothing', async (_label, olds, news, code) => {
    // Prepare
    clb.seedBackend(groupId, { serverId: 'i-relay-a', port: 3306 });

    // Act
    const error = await failure(
      call('ModifyVServerGroupBackendServers', {
        VServerGroupId: groupId,
        OldBackendServers: backends(olds),
        NewBackendServers: backends(news),
      }),
    );

    // Assess
    expect(error).toMatchObject({ code });
    expect(clb.backends(groupId).map((backend) => backend.serverId)).toEqual(['i-relay-a']);
  });

  it('removes backends named in a JSON string', async () => {
    // Prepare
    clb.seedBackend(groupId, { serverId: 'i-relay-a', port: 3306 });
    clb.seedBackend(groupId, { serverId: 'i-relay-b', port: 3306 });

    // Act
    const response = await call<ClbVServerGroupResponse>('RemoveVServerGroupBackendServers', {
      VServerGroupId: groupId,
      BackendServers: backends([{ ServerId: 'i-relay-a', Port: 3306 }]),
    });

    // Assess
    expect(response.BackendServers.BackendServer.map((row) => row.ServerId)).toEqual(['i-relay-b']);
  });

  it('refuses BackendServers passed as an array, which pop-core flattens instead of sending JSON', async () => {
    // Act
    const error = await failure(
      call('AddVServerGroupBackendServers', {
        VServerGroupId: groupId,
        BackendServers: [{ ServerId: 'i-relay-a', Port: 3306 }],
      }),
    );

    // Assess
    expect(error).toMatchObject({
      code: 'MissingParameter',
      data: {
        Message:
          'The input parameter "BackendServers" that is mandatory for processing this request is not supplied.',
      },
    });
    expect(clb.calls[0]?.params).toEqual({
      RegionId: 'cn-hangzhou',
      VServerGroupId: 'rsp-lab0001',
      'BackendServers.1.ServerId': 'i-relay-a',
      'BackendServers.1.Port': '3306',
    });
  });

  it.each([
    [
      'an unknown instance',
      backends([{ ServerId: 'i-gone', Port: 3306 }]),
      'InvalidBackendServers.ServerIdNoExist',
    ],
    ['text that is not JSON', 'i-relay-a:3306', 'InvalidParameter'],
    [
      'more than 20 backends',
      backends(Array.from({ length: 21 }, (_, i) => ({ ServerId: 'i-relay-a', Port: 3000 + i }))),
      'InvalidParameter',
    ],
    [
      'a Type the lab does not model',
      JSON.stringify([{ ServerId: 'i-relay-a', Port: 3306, Type: 'eni' }]),
      'InvalidParameter',
    ],
  ])('refuses adding %s', async (_label, list, code) => {
    // Act
    const error = await failure(
      call('AddVServerGroupBackendServers', { VServerGroupId: groupId, BackendServers: list }),
    );

    // Assess
    expect(error).toMatchObject({ code });
    expect(clb.backends(groupId)).toEqual([]);
  });

  it('does not see a group from another region', async () => {
    // Act
    const error = await failure(
      client.request(
        'DescribeVServerGroupAttribute',
        { RegionId: 'cn-beijing', VServerGroupId: groupId },
        POST,
      ),
    );

    // Assess
    expect(error).toMatchObject({
      code: 'InvalidParameter',
      data: { Message: 'The specified VServerGroupId does not exist.' },
    });
  });

  it('answers an unknown load balancer with InvalidLoadBalancerId.NotFound', async () => {
    // Act
    const error = await failure(call('DescribeHealthStatus', { LoadBalancerId: 'lb-missing' }));

    // Assess
    expect(error).toMatchObject({
      code: 'InvalidLoadBalancerId.NotFound',
      entry: { response: { statusCode: 404 } },
    });
  });
});
