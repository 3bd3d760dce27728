import { startDnsServer } from './dns/dns-server';
import type { LabDnsServer } from './dns/dns-server';
import { Elbv2Emulator } from './aws/elbv2-emulator';
import type { Elbv2EmulatorOptions } from './aws/elbv2-emulator';
import { SnsEmulator } from './aws/sns-emulator';
import { RdsEmulator } from './aws/rds-emulator';
import { DynamoDbEmulator } from './aws/dynamodb-emulator';
import { startJsonServer } from './aws/json-server';
import { startQueryServer } from './aws/server';
import { Route53Emulator } from './aws/route53-emulator';
import { startRoute53Server } from './aws/rest-xml-server';
import { StsEmulator } from './aws/sts-emulator';
import { SecretsManagerEmulator } from './aws/secretsmanager-emulator';

/**
 * The local AWS world: a DNS server for the database names, ELBv2, SNS and RDS speaking the Query protocol,
 * and DynamoDB speaking JSON 1.0 with the lease table in place.
 */
export interface AwsLab {
  readonly dns: LabDnsServer;
  readonly elbv2: Elbv2Emulator;
  readonly sns: SnsEmulator;
  /** RDS DescribeDBClusters / DescribeDBInstances: the writer of each cluster. */
  readonly rds: RdsEmulator;
  readonly dynamodb: DynamoDbEmulator;
  /** Route 53 (REST-XML) and STS (Query): records and roles in other accounts. */
  readonly route53: Route53Emulator;
  readonly sts: StsEmulator;
  /** Secrets Manager (JSON 1.1): the writability check's logins. */
  readonly secretsManager: SecretsManagerEmulator;
  /** The lease table's name, as the stack passes it to the functions in `LEASE_TABLE`. */
  readonly leaseTable: string;
  close(): Promise<void>;
}

/** The lab's lease table, keyed as the stack's (`serverless.yml`) is. */
export const LAB_LEASE_TABLE = 'rds-failover-sync-leases';

// Only what the SDK needs to find the emulators and sign requests; nothing here is a real secret.
const LAB_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDLAB0000000000000',
  AWS_SECRET_ACCESS_KEY: 'lab-secret-not-a-real-key',
} as const;

/**
 * Starts the lab on loopback ports and points the AWS SDK at it through `AWS_ENDPOINT_URL_*`, the same
 * way a user would point it at any endpoint: the code under test is the code that ships.
 */
export async function startAwsLab(
  options: {
    unhealthyIps?: string[];
    /** The request id every emulator answers with; defaults to a fresh UUID per answer. */
    newRequestId?: () => string;
    /** Held on every answer (DNS and APIs): a real network's round trip, for the bench. */
    latencyMs?: number;
    /** ELBv2's token buckets; none by default. `ELBV2_THROTTLE` has the documented ones. */
    elbv2Throttle?: Elbv2EmulatorOptions['throttle'];
  } = {},
): Promise<AwsLab> {
  const serverOptions = {
    ...(options.newRequestId === undefined ? {} : { newRequestId: options.newRequestId }),
    ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}),
  };
  const dns = await startDnsServer(options.latencyMs ? { latencyMs: options.latencyMs } : {});
  const elbv2 = new Elbv2Emulator({
    unhealthyIps: options.unhealthyIps ?? [],
    ...(options.elbv2Throttle ? { throttle: options.elbv2Throttle } : {}),
  });
  const sns = new SnsEmulator();
  const rds = new RdsEmulator();
  const dynamodb = new DynamoDbEmulator();
  dynamodb.createTable({ name: LAB_LEASE_TABLE, partitionKey: 'pool' });
  const elbv2Server = await startQueryServer(elbv2, serverOptions);
  const snsServer = await startQueryServer(sns, serverOptions);
  const rdsServer = await startQueryServer(rds, serverOptions);
  const dynamodbServer = await startJsonServer(dynamodb, serverOptions);
  const sts = new StsEmulator();
  const route53 = new Route53Emulator({ accountOf: (key) => sts.accountOf(key) });
  const stsServer = await startQueryServer(sts, serverOptions);
  const route53Server = await startRoute53Server(route53, serverOptions);
  const secretsManager = new SecretsManagerEmulator();
  const secretsManagerServer = await startJsonServer(secretsManager, serverOptions);
  const saved = Object.fromEntries(
    [
      'AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2',
      'AWS_ENDPOINT_URL_SNS',
      'AWS_ENDPOINT_URL_RDS',
      'AWS_ENDPOINT_URL_DYNAMODB',
      'AWS_ENDPOINT_URL_ROUTE_53',
      'AWS_ENDPOINT_URL_STS',
      'AWS_ENDPOINT_URL_SECRETS_MANAGER',
      'LEASE_TABLE',
      'AWS_PROFILE',
      ...Object.keys(LAB_ENV),
    ].map((key) => [key, process.env[key]]),
  );
  Object.assign(process.env, LAB_ENV, {
    AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: elbv2Server.url,
    AWS_ENDPOINT_URL_SNS: snsServer.url,
    AWS_ENDPOINT_URL_RDS: rdsServer.url,
    AWS_ENDPOINT_URL_DYNAMODB: dynamodbServer.url,
    AWS_ENDPOINT_URL_ROUTE_53: route53Server.url,
    AWS_ENDPOINT_URL_STS: stsServer.url,
    // The SDK's service id "Secrets Manager", upper case, spaces as underscores.
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManagerServer.url,
    LEASE_TABLE: LAB_LEASE_TABLE,
  });
  delete process.env.AWS_PROFILE;
  return {
    dns,
    elbv2,
    sns,
    rds,
    dynamodb,
    route53,
    sts,
    secretsManager,
    leaseTable: LAB_LEASE_TABLE,
    async close() {
      // Put the environment back as it was: unset what was unset, restore the rest.
      for (const key of Object.keys(saved)) Reflect.deleteProperty(process.env, key);
      Object.assign(
        process.env,
        Object.fromEntries(Object.entries(saved).filter(([, v]) => v !== undefined)),
      );
      await Promise.all([
        dns.close(),
        elbv2Server.close(),
        snsServer.close(),
        rdsServer.close(),
        dynamodbServer.close(),
        route53Server.close(),
        stsServer.close(),
        secretsManagerServer.close(),
      ]);
    },
  };
}
