import { createAlicloudRpc } from '../../shared/alicloud';
import type { AlicloudRdsResolveConfig } from '../../shared/core/config-types';
import { createRdsApiResolver } from '../../shared/resolve/alicloud-rds';
import { fakePopCore, ok } from '../support/fake-pop-core';
import type { Reply } from '../support/fake-pop-core';
import { virtualClock } from '../support/virtual-clock';

const CONFIG: AlicloudRdsResolveConfig = { region: 'cn-hangzhou', instance: 'rm-bp1orders', prefer: 'api' };

function resolverWith(replies: Reply[]) {
  const fake = fakePopCore({ DescribeDBInstanceNetInfo: replies });
  const rpc = createAlicloudRpc({
    endpoint: 'https://rds.aliyuncs.com',
    apiVersion: '2014-08-15',
    credentials: { accessKeyId: 'ak', accessKeySecret: 'sk' },
    timeoutMs: 3000,
    clock: virtualClock(0),
    maxAttempts: 2,
    random: () => 0,
    createClient: () => fake.client,
  });
  return { resolver: createRdsApiResolver(rpc, CONFIG), requests: fake.requests };
}

const netInfo = (entries: object[]) =>
  ok({ RequestId: 'R-1', InstanceNetworkType: 'VPC', DBInstanceNetInfos: { DBInstanceNetInfo: entries } });
const entry = (
  IPType: string,
  IPAddress: string,
  ConnectionStringType: string,
  ConnectionString: string,
) => ({
  ConnectionString,
  IPAddress,
  IPType,
  Port: '3306',
  ConnectionStringType,
  VPCId: 'vpc-1',
  VSwitchId: 'vsw-1',
});

describe('RDS API resolver', () => {
  it('answers the private address of the Normal connection string', async () => {
    // Prepare
    const { resolver, requests } = resolverWith([
      netInfo([
        entry('Public', '47.98.1.2', 'Normal', 'rm-bp1orders.mysql.rds.aliyuncs.com.public'),
        entry('Private', '172.16.0.99', 'ReadWriteSplitting', 'rm-bp1orders-rw.mysql.rds.aliyuncs.com'),
        entry('Inner', '10.1.1.1', 'Normal', 'rm-bp1orders-classic.mysql.rds.aliyuncs.com'),
        entry('Private', '172.16.0.12', 'Normal', 'rm-bp1orders.mysql.rds.aliyuncs.com'),
      ]),
    ]);
    // Act
    const resolution = await resolver.resolve();
    // Assess
    expect(resolution).toEqual({
      ok: true,
      addresses: ['172.16.0.12'],
      ttlSeconds: 0,
      chain: ['rm-bp1orders.mysql.rds.aliyuncs.com'],
      server: 'alicloud-rds-api',
    });
    expect(requests).toEqual([
      { action: 'DescribeDBInstanceNetInfo', params: { DBInstanceId: 'rm-bp1orders' } },
    ]);
  });

  it('falls back to the classic network intranet address (Inner)', async () => {
    // Prepare
    const { resolver } = resolverWith([
      netInfo([
        entry('Private', '', 'Normal', 'rm-bp1orders.mysql.rds.aliyuncs.com'),
        entry('Inner', '10.1.1.1', 'Normal', 'rm-bp1orders-classic.mysql.rds.aliyuncs.com'),
      ]),
    ]);
    // Act
    const resolution = await resolver.resolve();
    // Assess
    expect(resolution).toMatchObject({
      ok: true,
      addresses: ['10.1.1.1'],
      chain: ['rm-bp1orders-classic.mysql.rds.aliyuncs.com'],
    });
  });

  it('answers empty when only public or read-write-splitting addresses exist', async () => {
    // Prepare
    const { resolver } = resolverWith([
      netInfo([
        entry('Public', '47.98.1.2', 'Normal', 'rm-bp1orders.mysql.rds.aliyuncs.com.public'),
        entry('Private', '172.16.0.99', 'ReadWriteSplitting', 'rm-bp1orders-rw.mysql.rds.aliyuncs.com'),
      ]),
    ]);
    // Act
    const resolution = await resolver.resolve();
    // Assess
    expect(resolution).toEqual({
      ok: false,
      failure: 'empty',
      detail:
        'rm-bp1orders has no private connection string of type Normal with an address (DescribeDBInstanceNetInfo listed 2)',
    });
  });

  it('answers an error, never throws, when the API fails', async () => {
    // Prepare
    const { resolver } = resolverWith([
      {
        thrown: Object.assign(
          new Error('The specified instance is not found., URL: https://rds.aliyuncs.com/'),
          {
            code: 'InvalidDBInstanceId.NotFound',
            data: {
              Code: 'InvalidDBInstanceId.NotFound',
              Message: 'The specified instance is not found.',
              RequestId: 'R-404',
            },
          },
        ),
      },
    ]);
    // Act
    const resolution = await resolver.resolve();
    // Assess
    expect(resolution).toEqual({
      ok: false,
      failure: 'error',
      detail:
        'Could not ask the RDS API about rm-bp1orders: InvalidDBInstanceId.NotFound: DescribeDBInstanceNetInfo: The specified instance is not found. (RequestId R-404)',
    });
  });

  it('answers an error for a body of the wrong shape', async () => {
    // Prepare
    const { resolver } = resolverWith([ok({ RequestId: 'R-1', Message: 'Service is busy' })]);
    // Act
    const resolution = await resolver.resolve();
    // Assess
    expect(resolution).toEqual({
      ok: false,
      failure: 'error',
      detail:
        'Could not ask the RDS API about rm-bp1orders: UnexpectedResponse: DescribeDBInstanceNetInfo returned an unexpected response: DBInstanceNetInfos: missing (Message: Service is busy)',
    });
  });
});
