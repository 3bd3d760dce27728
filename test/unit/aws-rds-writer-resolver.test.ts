import {
  DBClusterNotFoundFault,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import type { Resolution } from '../../shared/core/resolution';
import { createRdsWriterResolver } from '../../shared/resolve/aws-rds-writer/writer-resolver';
import type { DnsResolver } from '../../shared/resolve/dns';

const rds = mockClient(RDSClient);
const client = new RDSClient({ region: 'us-east-1' });
const CONFIG = { cluster: 'orders', prefer: 'api' } as const;
const ONE = 'orders-1.c9abc.us-east-1.rds.amazonaws.com';
const TWO = 'orders-2.c9abc.us-east-1.rds.amazonaws.com';

/** DNS that knows the two instance endpoints, and remembers what it was asked. */
function fakeDns(): DnsResolver & { asked: string[] } {
  const asked: string[] = [];
  const answers: Record<string, string> = { [ONE]: '10.20.1.10', [TWO]: '10.20.2.20' };
  return {
    asked,
    resolve: async (host): Promise<Resolution> => {
      asked.push(host);
      const ip = answers[host];
      return ip
        ? { ok: true, addresses: [ip], ttlSeconds: 5, chain: [host], server: '10.0.0.2' }
        : { ok: false, failure: 'nxdomain', detail: `${host} does not exist (NXDOMAIN from 10.0.0.2)` };
    },
  };
}

const members = (writer: string | undefined) => ({
  DBClusters: [
    {
      DBClusterIdentifier: 'orders',
      DBClusterMembers: [
        { DBInstanceIdentifier: 'orders-1', IsClusterWriter: writer === 'orders-1' },
        { DBInstanceIdentifier: 'orders-2', IsClusterWriter: writer === 'orders-2' },
      ],
    },
  ],
});

const endpoints = () => {
  rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'orders-1' }).resolves({
    DBInstances: [{ DBInstanceIdentifier: 'orders-1', Endpoint: { Address: ONE, Port: 5432 } }],
  });
  rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'orders-2' }).resolves({
    DBInstances: [{ DBInstanceIdentifier: 'orders-2', Endpoint: { Address: TWO, Port: 5432 } }],
  });
};

const instancesAsked = () =>
  rds.commandCalls(DescribeDBInstancesCommand).map((c) => c.args[0].input.DBInstanceIdentifier);

beforeEach(() => rds.reset());

describe('RDS writer resolver', () => {
  it("resolves the writer instance's own endpoint, and says so", async () => {
    // Prepare
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: 'orders' }).resolves(members('orders-2'));
    endpoints();
    const dns = fakeDns();
    // Act
    const answer = await createRdsWriterResolver(client, dns).resolve(CONFIG);
    // Assess
    expect(answer).toEqual({
      ok: true,
      addresses: ['10.20.2.20'],
      ttlSeconds: 5,
      chain: [TWO],
      server: 'aws-rds-api (writer orders-2 of orders), DNS 10.0.0.2',
    });
    expect(instancesAsked()).toEqual(['orders-2']);
    expect(dns.asked).toEqual([TWO]);
  });

  it("asks each instance's endpoint once, then only the cluster and DNS", async () => {
    // Prepare
    rds.on(DescribeDBClustersCommand).resolves(members('orders-2'));
    endpoints();
    const resolver = createRdsWriterResolver(client, fakeDns());
    // Act
    await resolver.resolve(CONFIG);
    const second = await resolver.resolve(CONFIG);
    // Assess
    expect(second.ok && second.addresses).toEqual(['10.20.2.20']);
    expect(rds.commandCalls(DescribeDBClustersCommand)).toHaveLength(2);
    expect(instancesAsked()).toEqual(['orders-2']);
  });

  it("asks for the hinted instance's endpoint before the cluster has answered, and uses it once confirmed", async () => {
    // Prepare: the cluster answers only after the endpoint has been asked for.
    const order: string[] = [];
    rds.on(DescribeDBClustersCommand).callsFake(async () => {
      order.push('DescribeDBClusters');
      return members('orders-2');
    });
    rds.on(DescribeDBInstancesCommand).callsFake(async (input: { DBInstanceIdentifier: string }) => {
      order.push(`DescribeDBInstances ${input.DBInstanceIdentifier}`);
      return { DBInstances: [{ Endpoint: { Address: TWO } }] };
    });
    // Act
    const answer = await createRdsWriterResolver(client, fakeDns()).resolve(CONFIG, { hint: 'orders-2' });
    // Assess
    expect(order).toEqual(['DescribeDBInstances orders-2', 'DescribeDBClusters']);
    expect(answer.ok && answer.server).toBe(
      'aws-rds-api (writer orders-2 of orders, as the event said), DNS 10.0.0.2',
    );
  });

  it('follows the API, not a hint it does not confirm', async () => {
    // Prepare: a late "failover to orders-2" after the writer went back to orders-1.
    rds.on(DescribeDBClustersCommand).resolves(members('orders-1'));
    endpoints();
    // Act
    const answer = await createRdsWriterResolver(client, fakeDns()).resolve(CONFIG, { hint: 'orders-2' });
    // Assess
    expect(answer.ok && answer.addresses).toEqual(['10.20.1.10']);
    expect(answer.ok && answer.server).toBe(
      'aws-rds-api (writer orders-1 of orders, not orders-2 as the event said), DNS 10.0.0.2',
    );
    expect(instancesAsked().sort()).toEqual(['orders-1', 'orders-2']);
  });

  it('says not-settled when no member is writer, asking no instance', async () => {
    // Prepare
    rds.on(DescribeDBClustersCommand).resolves(members(undefined));
    // Act
    const answer = await createRdsWriterResolver(client, fakeDns()).resolve(CONFIG);
    // Assess
    expect(answer).toEqual({
      ok: false,
      failure: 'not-settled',
      detail: 'orders lists no writer among 2 member(s): a failover is under way',
    });
    expect(instancesAsked()).toEqual([]);
  });

  it('fails, never throws, when the cluster does not exist', async () => {
    // Prepare
    rds
      .on(DescribeDBClustersCommand)
      .rejects(new DBClusterNotFoundFault({ message: 'DBCluster orders not found.', $metadata: {} }));
    // Act
    const answer = await createRdsWriterResolver(client, fakeDns()).resolve(CONFIG);
    // Assess
    expect(answer).toEqual({
      ok: false,
      failure: 'error',
      detail: 'DescribeDBClusters orders: DBClusterNotFoundFault: DBCluster orders not found.',
    });
  });

  it('asks the endpoint again after an instance had none yet', async () => {
    // Prepare: the first answer has no endpoint (an instance still being created), the second has one.
    rds.on(DescribeDBClustersCommand).resolves(members('orders-2'));
    rds
      .on(DescribeDBInstancesCommand)
      .resolvesOnce({ DBInstances: [{ DBInstanceIdentifier: 'orders-2' }] })
      .resolves({ DBInstances: [{ Endpoint: { Address: TWO } }] });
    const resolver = createRdsWriterResolver(client, fakeDns());
    // Act
    const first = await resolver.resolve(CONFIG);
    const second = await resolver.resolve(CONFIG);
    // Assess
    expect(first).toEqual({
      ok: false,
      failure: 'empty',
      detail: 'the writer orders-2 of orders has no endpoint yet',
    });
    expect(second.ok && second.addresses).toEqual(['10.20.2.20']);
  });

  it("names the writer when its endpoint's DNS fails", async () => {
    // Prepare
    rds.on(DescribeDBClustersCommand).resolves(members('orders-2'));
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ Endpoint: { Address: 'gone.example' } }] });
    // Act
    const answer = await createRdsWriterResolver(client, fakeDns()).resolve(CONFIG);
    // Assess
    expect(answer).toEqual({
      ok: false,
      failure: 'nxdomain',
      detail: 'writer orders-2 of orders: gone.example does not exist (NXDOMAIN from 10.0.0.2)',
    });
  });

  it('passes the abort signal to every RDS call', async () => {
    // Prepare
    rds.on(DescribeDBClustersCommand).resolves(members('orders-2'));
    endpoints();
    const abortSignal = new AbortController().signal;
    const send = jest.spyOn(client, 'send');
    // Act
    await createRdsWriterResolver(client, fakeDns()).resolve(CONFIG, { abortSignal });
    // Assess
    expect(send.mock.calls.map((call) => call[1])).toEqual([{ abortSignal }, { abortSignal }]);
    send.mockRestore();
  });
});
