import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

// bin/serverless-vars.cjs loads the project's TypeScript through tsx, which cannot run inside jest's
// module system: call its pure helpers in a child Node process instead, all cases in one run.
const ROOT = resolve(__dirname, '..', '..');

type Call = [helper: string, ...args: unknown[]];
type Outcome = { value: unknown } | { error: string };

function callHelpers(calls: readonly Call[], env: Record<string, string> = {}): Outcome[] {
  const script = `
    const { helpers } = require(${JSON.stringify(join(ROOT, 'bin', 'serverless-vars.cjs'))});
    const calls = JSON.parse(process.argv[1]);
    const outcomes = calls.map(([name, ...args]) => {
      try { return { value: helpers[name](...args) ?? null }; } catch (error) { return { error: error.message }; }
    });
    process.stdout.write(JSON.stringify(outcomes));
  `;
  const output = execFileSync(process.execPath, ['-e', script, JSON.stringify(calls)], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return JSON.parse(output) as Outcome[];
}

const policy = (settleSeconds: number, healthTimeoutSeconds: number) => ({
  policy: { settleSeconds, healthTimeoutSeconds },
});

const elsewhere = {
  name: 'orders',
  pools: [
    { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/a/0123456789abcdef' },
    { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/b/0123456789abcdef' },
  ],
  alert: { sns: ['arn:aws:sns:eu-west-1:123456789012:oncall'] },
};

describe('serverless-vars helpers', () => {
  let outcomes: Outcome[];

  beforeAll(() => {
    outcomes = callHelpers([
      ['timeouts', { bindings: [policy(120, 300)] }],
      ['timeouts', { bindings: [policy(600, 840), policy(0, 10)] }],
      ['timeouts', { bindings: [policy(0, 0)] }],
      ['vpcConfig', '', ''],
      ['vpcConfig', ' subnet-0a1b , subnet-0c2d ', 'sg-01'],
      ['vpcConfig', 'subnet-0a1b', ''],
      ['vpcConfig', 'subnet-0a1b', 'default'],
      ['bindingsFile', { BINDINGS_FILE: 'config/prod.yml' }],
      ['bindingsFile', {}],
      ['bindingsFile', { BINDINGS_FILE: '../outside.yml' }],
      ['bindingsFile', { BINDINGS_FILE: '/etc/bindings.yml' }],
      ['checkRegions', { bindings: [elsewhere] }, 'us-east-1'],
      ['checkRegions', { bindings: [elsewhere] }, 'eu-west-1'],
    ]);
  });

  it('computes timeouts with the 30 s margin, capped at 900 s', () => {
    // Assess
    expect(outcomes.slice(0, 3)).toEqual([
      { value: { rdsEvent: 450, reconcile: 330 } },
      { value: { rdsEvent: 900, reconcile: 870 } },
      { value: { rdsEvent: 30, reconcile: 30 } },
    ]);
  });

  it('takes both subnets and security groups or neither, and only ids', () => {
    // Assess
    expect(outcomes.slice(3, 7)).toEqual([
      { value: null },
      { value: { subnetIds: ['subnet-0a1b', 'subnet-0c2d'], securityGroupIds: ['sg-01'] } },
      {
        error:
          'give both --param="subnetIds=subnet-a,subnet-b" and --param="securityGroupIds=sg-1", or neither',
      },
      { error: 'not a subnet or security group id: default' },
    ]);
  });

  it('packages a bindings file from inside the service only', () => {
    // Assess
    expect(outcomes.slice(7, 11)).toEqual([
      { value: 'config/prod.yml' },
      { value: 'bindings.yml' },
      { error: `BINDINGS_FILE=../outside.yml: the bindings file must be inside ${ROOT} to be packaged` },
      { error: `BINDINGS_FILE=/etc/bindings.yml: the bindings file must be inside ${ROOT} to be packaged` },
    ]);
  });

  it('reads bindings.example.yml for invoke local on a fresh clone, and never for packaging', () => {
    expect(
      callHelpers([
        ['bindingsFile', {}, { invokeLocal: true, haveBindingsYml: false }],
        ['bindingsFile', {}, { invokeLocal: true, haveBindingsYml: true }],
        ['bindingsFile', { BINDINGS_FILE: 'config/prod.yml' }, { invokeLocal: true, haveBindingsYml: false }],
        ['bindingsFile', {}, { invokeLocal: false, haveBindingsYml: false }],
      ]),
    ).toEqual([
      { value: 'bindings.example.yml' },
      { value: 'bindings.yml' },
      { value: 'config/prod.yml' },
      { value: 'bindings.yml' },
    ]);
  });

  it('refuses target groups and alert topics outside the region the stack deploys to', () => {
    // Assess
    expect(outcomes.slice(11)).toEqual([
      {
        error:
          'the stack deploys to us-east-1, the functions can only reach that region:\n' +
          "  - binding 'orders': pools[1].targetGroupArn: is in eu-west-1\n" +
          "  - binding 'orders': alert.sns: arn:aws:sns:eu-west-1:123456789012:oncall is in eu-west-1",
      },
      {
        error:
          'the stack deploys to eu-west-1, the functions can only reach that region:\n' +
          "  - binding 'orders': pools[0].targetGroupArn: is in us-east-1",
      },
    ]);
  });
});

describe('serverless-vars: the RDS writer lookup', () => {
  const writerBinding = (name: string, awsRdsWriter?: Record<string, string>) => ({
    name,
    pools: [
      {
        targetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${name}/0123456789abcdef`,
      },
    ],
    alert: { sns: [] },
    ...(awsRdsWriter ? { resolve: { awsRdsWriter } } : {}),
  });
  const rdsStatements = (value: unknown) =>
    (value as { Action: string[] }[]).filter((s) => s.Action.some((a) => a.startsWith('rds:')));

  it('grants DescribeDBClusters on each cluster once, an ARN as written, and nothing to a file without lookups', () => {
    // Act
    const [withLookups, without] = callHelpers([
      [
        'iamStatements',
        {
          bindings: [
            writerBinding('orders', { cluster: 'orders', prefer: 'api' }),
            writerBinding('orders-copy', { cluster: 'orders', prefer: 'dns' }),
            writerBinding('ledger', {
              cluster: 'ledger',
              clusterArn: 'arn:aws:rds:us-east-1:123456789012:cluster:ledger',
              prefer: 'api',
            }),
          ],
        },
      ],
      ['iamStatements', { bindings: [writerBinding('orders')] }],
    ]);
    // Assess
    expect(rdsStatements((withLookups as { value: unknown }).value)).toEqual([
      {
        Effect: 'Allow',
        Action: ['rds:DescribeDBClusters'],
        Resource: [
          'arn:aws:rds:us-east-1:123456789012:cluster:ledger',
          { 'Fn::Sub': 'arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster:orders' },
        ],
      },
      {
        Effect: 'Allow',
        Action: ['rds:DescribeDBInstances'],
        Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:db:*' }],
      },
    ]);
    expect(rdsStatements((without as { value: unknown }).value)).toEqual([]);
  });

  it('refuses a cluster ARN outside the region the stack deploys to', () => {
    // Act
    const [outcome] = callHelpers([
      [
        'checkRegions',
        {
          bindings: [
            writerBinding('ledger', {
              cluster: 'ledger',
              clusterArn: 'arn:aws:rds:eu-west-1:123456789012:cluster:ledger',
              prefer: 'api',
            }),
          ],
        },
        'us-east-1',
      ],
    ]);
    // Assess
    expect(outcome).toEqual({
      error:
        'the stack deploys to us-east-1, the functions can only reach that region:\n' +
        "  - binding 'ledger': resolve.awsRdsWriter.cluster: arn:aws:rds:eu-west-1:123456789012:cluster:ledger is in eu-west-1",
    });
  });
});

describe('serverless-vars: the functions environment', () => {
  it("copies the AWS bindings' env: variables only: an Alibaba binding's KMS ciphertext stays out of Lambda", () => {
    // Prepare: as the loader normalises them
    const config = {
      bindings: [
        {
          name: 'orders',
          pools: [{ kind: 'aws-elbv2' }],
          alert: { webhooks: [{ kind: 'slack', url: 'env:ORDERS_SLACK_URL' }] },
        },
        {
          name: 'billing',
          pools: [{ kind: 'alicloud-nlb' }],
          alert: { webhooks: [{ kind: 'dingtalk', url: 'env:BILLING_DINGTALK_URL' }] },
          probe: {
            protocol: 'mysql',
            timeoutMs: 3000,
            writable: {
              login: {
                kind: 'alicloud-kms-env',
                variable: 'BILLING_DB_LOGIN',
                region: 'cn-hangzhou',
                keyId: 'key-a',
              },
              tls: 'require',
            },
          },
        },
      ],
    };
    const env = {
      ORDERS_SLACK_URL: 'https://hooks.slack.com/services/T0/B0/x',
      BILLING_DINGTALK_URL: 'https://oapi.dingtalk.com/robot/send?access_token=y',
      BILLING_DB_LOGIN: 'a2V5LWh6ejYyZjFjYjY2ZmE0MnFvMDAwMQobLD1OX2BxgpOktcbX6Pk=',
    };
    // Act
    const [outcome] = callHelpers([
      ['functionEnvironment', config, { fallbackTopic: '', webhookKind: '' }, env],
    ]);
    // Assess
    expect(outcome).toEqual({
      value: { variables: { ORDERS_SLACK_URL: 'https://hooks.slack.com/services/T0/B0/x' }, unset: [] },
    });
  });
});

describe('serverless-vars: the writability check logins', () => {
  const SECRET_EU = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-login-AbCdEf';
  const SECRET_US = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:ledger-login-GhIjKl';
  const SECRET_US_AWS_KEY = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:audit-login-MnOpQr';
  const KEY_EU = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const KEY_US = 'arn:aws:kms:us-east-1:123456789012:key/5678abcd-12ab-34cd-56ef-1234567890ab';
  const checked = (name: string, login?: Record<string, string>) => ({
    name,
    pools: [
      {
        targetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${name}/0123456789abcdef`,
      },
    ],
    alert: { sns: [] },
    ...(login
      ? { probe: { protocol: 'postgres', timeoutMs: 3000, writable: { login, tls: 'require' } } }
      : { probe: { protocol: 'postgres', timeoutMs: 3000 } }),
  });
  const loginStatements = (outcome: Outcome | undefined) =>
    ((outcome as { value: unknown }).value as { Action: string[] }[]).filter((s) =>
      s.Action.some((a) => a.startsWith('secretsmanager:') || a.startsWith('kms:')),
    );

  it('grants GetSecretValue on exactly the secrets named, and Decrypt on their keys through Secrets Manager of the secret region only', () => {
    // Act
    const [withLogins, without] = callHelpers([
      [
        'iamStatements',
        {
          bindings: [
            checked('orders', { kind: 'aws-secret', secretArn: SECRET_EU, kmsKeyArn: KEY_EU }),
            checked('orders-copy', { kind: 'aws-secret', secretArn: SECRET_EU, kmsKeyArn: KEY_EU }),
            checked('ledger', { kind: 'aws-secret', secretArn: SECRET_US, kmsKeyArn: KEY_US }),
            checked('audit', { kind: 'aws-secret', secretArn: SECRET_US_AWS_KEY }),
            checked('probed-only'),
          ],
        },
      ],
      ['iamStatements', { bindings: [checked('probed-only')] }],
    ]);
    // Assess
    expect(loginStatements(withLogins)).toEqual([
      {
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: [SECRET_EU, SECRET_US_AWS_KEY, SECRET_US],
      },
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: [KEY_EU],
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
      },
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: [KEY_US],
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
      },
    ]);
    expect(loginStatements(without)).toEqual([]);
  });
});
