import { type PopClient } from '../../lab/alicloud/pop-client';
import { RdsEmulator, type RdsNetInfo, type RdsNetInfoResponse } from '../../lab/alicloud/rds-emulator';
import { type RpcServer } from '../../lab/alicloud/server';
import { serveWithClient } from '../support/serve-emulator';

const PRIVATE: RdsNetInfo = {
  ConnectionString: 'rm-lab0001.mysql.rds.aliyuncs.com',
  IPAddress: '10.0.2.15',
  IPType: 'Private',
  Port: '3306',
  ConnectionStringType: 'Normal',
  VPCId: 'vpc-lab0001',
  VSwitchId: 'vsw-lab0001',
};
const PUBLIC: RdsNetInfo = {
  ConnectionString: 'rm-lab0001o.mysql.rds.aliyuncs.com',
  IPAddress: '47.96.0.15',
  IPType: 'Public',
  Port: '3306',
  ConnectionStringType: 'Normal',
};

let rds: RdsEmulator;
let server: RpcServer;
let client: PopClient;

const describeNetInfo = (instanceId: string): Promise<RdsNetInfoResponse> =>
  client.request<RdsNetInfoResponse>(
    'DescribeDBInstanceNetInfo',
    { DBInstanceId: instanceId },
    { method: 'POST' },
  );

beforeEach(async () => {
  rds = new RdsEmulator({ now: () => 1_767_225_600_000 });
  ({ server, client } = await serveWithClient(rds));
});

afterEach(async () => {
  await server.close();
});

describe('RdsEmulator through the real pop-core client', () => {
  it('answers the net info of an instance, nested under DBInstanceNetInfos.DBInstanceNetInfo', async () => {
    // Prepare
    rds.setNetInfo('rm-lab0001', [PRIVATE, PUBLIC]);

    // Act
    const response = await describeNetInfo('rm-lab0001');

    // Assess
    expect(response).toEqual({
      RequestId: 'LAB-REQUEST-ID',
      DBInstanceNetInfos: {
        DBInstanceNetInfo: [
          {
            ConnectionString: 'rm-lab0001.mysql.rds.aliyuncs.com',
            IPAddress: '10.0.2.15',
            IPType: 'Private',
            Port: '3306',
            ConnectionStringType: 'Normal',
            VPCId: 'vpc-lab0001',
            VSwitchId: 'vsw-lab0001',
          },
          {
            ConnectionString: 'rm-lab0001o.mysql.rds.aliyuncs.com',
            IPAddress: '47.96.0.15',
            IPType: 'Public',
            Port: '3306',
            ConnectionStringType: 'Normal',
          },
        ],
      },
      InstanceNetworkType: 'VPC',
    });
  });

  it('answers the new IP once setNetInfo has moved it, as after a failover', async () => {
    // Prepare
    rds.setNetInfo('rm-lab0001', [PRIVATE]);
    const before = await describeNetInfo('rm-lab0001');

    // Act
    rds.setNetInfo('rm-lab0001', [{ ...PRIVATE, IPAddress: '10.0.3.27' }]);
    const after = await describeNetInfo('rm-lab0001');

    // Assess
    expect(before.DBInstanceNetInfos.DBInstanceNetInfo.map((info) => info.IPAddress)).toEqual(['10.0.2.15']);
    expect(after.DBInstanceNetInfos.DBInstanceNetInfo.map((info) => info.IPAddress)).toEqual(['10.0.3.27']);
  });

  it('answers an unknown instance with InvalidDBInstanceId.NotFound and HTTP 404', async () => {
    // Act
    const error = await describeNetInfo('rm-missing').then(
      () => undefined,
      (caught: unknown) => caught,
    );

    // Assess
    expect(error).toMatchObject({
      code: 'InvalidDBInstanceId.NotFound',
      data: { Message: 'The specified instance is not found.', RequestId: 'LAB-REQUEST-ID' },
      entry: { response: { statusCode: 404 } },
    });
    expect(rds.calls.map((call) => [call.params, call.errorCode])).toEqual([
      [{ DBInstanceId: 'rm-missing' }, 'InvalidDBInstanceId.NotFound'],
    ]);
  });
});
