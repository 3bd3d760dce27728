import {
  DBClusterNotFoundFault,
  DBInstanceNotFoundFault,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { FaultKind } from '../../lab/aws/faults';
import { RdsEmulator } from '../../lab/aws/rds-emulator';
import { startQueryServer, type QueryServer } from '../../lab/aws/server';

const credentials = { accessKeyId: 'AKIDLAB', secretAccessKey: 'lab-secret' };
const ENDPOINT = 'orders.cluster-c9lab0000001.us-east-1.rds.amazonaws.com';
const ONE = { instance: 'orders-1', address: 'orders-1.c9lab0000001.us-east-1.rds.amazonaws.com' };
const TWO = { instance: 'orders-2', address: 'orders-2.c9lab0000001.us-east-1.rds.amazonaws.com' };

let emulator: RdsEmulator;
let server: QueryServer;
let client: RDSClient;

const writerSays = async (identifier = 'orders'): Promise<[string | undefined, boolean | undefined][]> => {
  const output = await client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: identifier }));
  return (output.DBClusters?.[0]?.DBClusterMembers ?? []).map((m) => [
    m.DBInstanceIdentifier,
    m.IsClusterWriter,
  ]);
};

const failure = (send: Promise<unknown>): Promise<unknown> =>
  send.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );

beforeEach(async () => {
  emulator = new RdsEmulator({ now: () => 1_767_225_600_000 });
  emulator.createCluster({ id: 'orders', endpoint: ENDPOINT, members: [ONE, TWO] });
  server = await startQueryServer(emulator, { newRequestId: () => 'LAB-REQUEST-ID' });
  client = new RDSClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
});

afterEach(async () => {
  client.destroy();
  await server.close();
});

describe('RdsEmulator through the real SDK client', () => {
  it('lists the members with the first one as writer, and the cluster as RDS describes it', async () => {
    // Act
    const output = await client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'orders' }));
    // Assess
    expect(output.DBClusters).toEqual([
      {
        DBClusterIdentifier: 'orders',
        DBClusterArn: 'arn:aws:rds:us-east-1:123456789012:cluster:orders',
        Status: 'available',
        Engine: 'aurora-postgresql',
        Endpoint: ENDPOINT,
        ReaderEndpoint: 'orders.cluster-ro-c9lab0000001.us-east-1.rds.amazonaws.com',
        Port: 5432,
        MultiAZ: true,
        DBClusterMembers: [
          {
            DBInstanceIdentifier: 'orders-1',
            IsClusterWriter: true,
            DBClusterParameterGroupStatus: 'in-sync',
            PromotionTier: 1,
          },
          {
            DBInstanceIdentifier: 'orders-2',
            IsClusterWriter: false,
            DBClusterParameterGroupStatus: 'in-sync',
            PromotionTier: 2,
          },
        ],
      },
    ]);
    expect(emulator.calls.map((c) => [c.action, c.params])).toEqual([
      ['DescribeDBClusters', { DBClusterIdentifier: 'orders' }],
    ]);
  });

  it('takes the cluster ARN, in any case, as RDS does', async () => {
    // Act
    const byArn = await writerSays('arn:aws:rds:us-east-1:123456789012:cluster:orders');
    const upper = await writerSays('ORDERS');
    // Assess
    expect(byArn).toEqual([
      ['orders-1', true],
      ['orders-2', false],
    ]);
    expect(upper).toEqual(byArn);
  });

  it('answers the instance endpoint of one instance', async () => {
    // Act
    const output = await client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'orders-2' }));
    // Assess
    expect(output.DBInstances).toEqual([
      {
        DBInstanceIdentifier: 'orders-2',
        DBInstanceArn: 'arn:aws:rds:us-east-1:123456789012:db:orders-2',
        DBInstanceStatus: 'available',
        Engine: 'aurora-postgresql',
        DBClusterIdentifier: 'orders',
        Endpoint: { Address: TWO.address, Port: 5432, HostedZoneId: 'Z2R2ITUGPM61AM' },
      },
    ]);
  });

  it('answers DBClusterNotFoundFault (404) for an unknown cluster', async () => {
    // Act
    const error = await failure(client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'nope' })));
    // Assess
    expect(error).toBeInstanceOf(DBClusterNotFoundFault);
    expect((error as DBClusterNotFoundFault).message).toBe('DBCluster nope not found.');
    expect((error as DBClusterNotFoundFault).$metadata.httpStatusCode).toBe(404);
  });

  it('answers DBInstanceNotFound (DBInstanceNotFoundFault, 404) for an unknown instance', async () => {
    // Act
    const error = await failure(
      client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'orders-9' })),
    );
    // Assess
    expect(error).toBeInstanceOf(DBInstanceNotFoundFault);
    expect((error as DBInstanceNotFoundFault).message).toBe('DBInstance orders-9 not found.');
  });

  it('moves the writer through as many writerless answers as asked', async () => {
    // Act
    emulator.failover('orders', 'orders-2', { writerlessDescribes: 2 });
    const answers = [await writerSays(), await writerSays(), await writerSays(), await writerSays()];
    // Assess
    expect(answers).toEqual([
      [
        ['orders-1', false],
        ['orders-2', false],
      ],
      [
        ['orders-1', false],
        ['orders-2', false],
      ],
      [
        ['orders-1', false],
        ['orders-2', true],
      ],
      [
        ['orders-1', false],
        ['orders-2', true],
      ],
    ]);
  });

  it('throttles with the Query code Throttling when told to', async () => {
    // Prepare
    emulator.faults.inject({ action: 'DescribeDBClusters', kind: FaultKind.Throttle });
    // Act
    const error = await failure(
      client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'orders' })),
    );
    // Assess
    expect((error as Error).name).toBe('Throttling');
    expect((error as { $metadata: { httpStatusCode?: number } }).$metadata.httpStatusCode).toBe(400);
  });
});
