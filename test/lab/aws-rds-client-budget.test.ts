import { DescribeDBClustersCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { RdsEmulator } from '../../lab/aws/rds-emulator';
import { startQueryServer, type QueryServer } from '../../lab/aws/server';
import type { ApiBudget } from '../../shared/platform/api-budget';
import { createRdsClient } from '../../shared/platform/aws-rds-writer-support';

const ENV = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDLAB', AWS_SECRET_ACCESS_KEY: 'lab-secret' };

let server: QueryServer;
let saved: Record<string, string | undefined>;

afterEach(async () => {
  await server.close();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) Reflect.deleteProperty(process.env, key);
    else process.env[key] = value;
  }
});

describe('the RDS client', () => {
  it('takes a token of the RDS account bucket before every call, and finds the lab through AWS_ENDPOINT_URL_RDS', async () => {
    // Arrange
    const emulator = new RdsEmulator();
    emulator.createCluster({
      id: 'orders',
      endpoint: 'orders.cluster-c9lab0000001.us-east-1.rds.amazonaws.com',
      members: [{ instance: 'orders-1', address: 'orders-1.c9lab0000001.us-east-1.rds.amazonaws.com' }],
    });
    server = await startQueryServer(emulator);
    const env = { ...ENV, AWS_ENDPOINT_URL_RDS: server.url };
    saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
    Object.assign(process.env, env);
    const acquired: string[] = [];
    const budget: ApiBudget = {
      acquire: async (family, region) => {
        acquired.push(`${family} ${region}`);
      },
      stats: () => ({ calls: acquired.length, paced: 0, waitedMs: 0 }),
    };
    const client = createRdsClient(budget);
    // Act
    await client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'orders' }));
    await client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'orders-1' }));
    client.destroy();
    // Assess
    expect(acquired).toEqual(['rds:api us-east-1', 'rds:api us-east-1']);
    expect(emulator.calls.map((c) => c.action)).toEqual(['DescribeDBClusters', 'DescribeDBInstances']);
  });
});
