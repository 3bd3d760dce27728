import { existsSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT } from './service-copy';
import { packageService } from './package-service';
import type { Packaged } from './package-service';
import { readZip } from './zip';

// Each case runs the real `serverless package` (osls 3) offline: esbuild, the vars file, CloudFormation.
// The timeout only stops a hung run; it is not a speed bound. Two packages at once take about 30 s on an
// idle 2-core machine, and over 120 s beside two CPU burners on a shared one.
jest.setTimeout(600_000);

const BINDINGS = 'test/deploy/bindings.deploy.yml';
/** Where packaging writes the validated bindings as JSON, in the service and in each zip. */
const BINDINGS_JSON = '.bindings/bindings.json';
const STAGE_PREFIX = 'rds-failover-sync-dev';
const SLACK_URL = 'https://hooks.slack.com/services/T0LAB/B0LAB/lab-token';
const FALLBACK_HOOK = 'https://oapi.dingtalk.com/robot/send?access_token=lab-fallback';
const PLATFORM_ONCALL = 'arn:aws:sns:us-east-1:123456789012:platform-oncall';

const TARGET_GROUPS = [
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-pg/0123456789abcdef',
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/reporting-mysql/fedcba9876543210',
];
const ALERT_TOPICS = [
  'arn:aws:sns:us-east-1:123456789012:db-failover',
  'arn:aws:sns:us-east-1:123456789012:reporting-oncall',
];
const SETTLE_IDS = [
  'RDS-EVENT-0013',
  'RDS-EVENT-0015',
  'RDS-EVENT-0049',
  'RDS-EVENT-0071',
  'RDS-EVENT-0072',
  'RDS-EVENT-0073',
  'RDS-EVENT-0247',
  'RDS-EVENT-0248',
];
const VPC_POLICY = {
  'Fn::Join': [
    '',
    ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole'],
  ],
};

interface Resource {
  Type: string;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Properties: Record<string, unknown>;
}
interface Template {
  Resources: Record<string, Resource>;
}
interface Statement {
  Effect: string;
  Action: string[];
  Resource: unknown;
  Condition?: unknown;
}

const templateOf = (packaged: Packaged): Template =>
  JSON.parse(
    readFileSync(join(packaged.dir, '.serverless', 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as Template;

const ofType = (template: Template, type: string): [string, Resource][] =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);

const statementsOf = (template: Template): Statement[] => {
  const role = template.Resources.IamRoleLambdaExecution?.Properties as {
    Policies: { PolicyDocument: { Statement: Statement[] } }[];
  };
  return role.Policies.flatMap((policy) => policy.PolicyDocument.Statement);
};

const statementFor = (template: Template, action: string): Statement | undefined =>
  statementsOf(template).find((statement) => statement.Action.includes(action));

const expectPackaged = (packaged: Packaged): void => {
  if (packaged.exitCode !== 0) throw new Error(`sls package failed:\n${packaged.output}`);
  expect(packaged.networkAttempts).toBe('');
};

describe('sls package', () => {
  let plain: Packaged;
  let withParams: Packaged;
  const dirs: string[] = [];

  beforeAll(async () => {
    [plain, withParams] = await Promise.all([
      // The deploying shell holds the variable the bindings' env: webhook names.
      packageService([], { env: { REPORTING_SLACK_URL: SLACK_URL } }),
      // It does not here: packaging still works, warns, and the function will refuse to start.
      packageService(
        [
          '--param=subnetIds=subnet-0a1b2c3d,subnet-4e5f6a7b',
          '--param=securityGroupIds=sg-0123456789abcdef0',
          '--param=rdsEventTopicArn=arn:aws:sns:us-east-1:123456789012:shared-rds-events',
          '--param=schedule=rate(5 minutes)',
          `--param=alertTopicArn=${PLATFORM_ONCALL}`,
          '--param=alertWebhookKind=dingtalk',
        ],
        { env: { ALERT_WEBHOOK_URL: FALLBACK_HOOK } },
      ),
    ]);
    dirs.push(plain.dir, withParams.dir);
  });

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  describe('with the deploy bindings and no params', () => {
    let template: Template;

    beforeAll(() => {
      expectPackaged(plain);
      template = templateOf(plain);
    });

    it('defines both functions on nodejs22.x arm64, with timeouts computed from the bindings', () => {
      // Act
      const rdsEvent = template.Resources.RdsEventLambdaFunction?.Properties;
      const reconcile = template.Resources.ReconcileLambdaFunction?.Properties;
      // Assess: rdsEvent min(900, 240 + 420 + 30); reconcile min(900, 420 + 30)
      expect(rdsEvent).toMatchObject({
        FunctionName: `${STAGE_PREFIX}-rdsEvent`,
        Handler: 'functions/aws/rds-event.handler',
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: 256,
        Timeout: 690,
      });
      expect(reconcile).toMatchObject({
        FunctionName: `${STAGE_PREFIX}-reconcile`,
        Handler: 'functions/aws/reconcile.handler',
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: 256,
        Timeout: 450,
      });
      expect(ofType(template, 'AWS::Lambda::Function')).toHaveLength(2);
    });

    it('grants Register/DeregisterTargets on exactly the target groups and Publish on exactly the alert topics', () => {
      // Act
      const register = statementFor(template, 'elasticloadbalancing:RegisterTargets');
      const publish = statementFor(template, 'sns:Publish');
      // Assess
      expect(register).toEqual({
        Effect: 'Allow',
        Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
        Resource: TARGET_GROUPS,
      });
      expect(publish).toEqual({ Effect: 'Allow', Action: ['sns:Publish'], Resource: ALERT_TOPICS });
    });

    it('grants DescribeDBClusters on exactly the writer lookup clusters and DescribeDBInstances on the DB instances of the stack', () => {
      // Act
      const clusters = statementFor(template, 'rds:DescribeDBClusters');
      const instances = statementFor(template, 'rds:DescribeDBInstances');
      const rdsActions = statementsOf(template)
        .flatMap((s) => s.Action)
        .filter((action) => action.startsWith('rds:'));
      // Assess: `orders` names its cluster by id, so the ARN is the stack's region and account.
      expect(clusters).toEqual({
        Effect: 'Allow',
        Action: ['rds:DescribeDBClusters'],
        Resource: [
          { 'Fn::Sub': 'arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster:orders' },
        ],
      });
      expect(instances).toEqual({
        Effect: 'Allow',
        Action: ['rds:DescribeDBInstances'],
        Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:db:*' }],
      });
      expect(rdsActions).toEqual(['rds:DescribeDBClusters', 'rds:DescribeDBInstances']);
    });

    it('grants ModifyTargetGroupAttributes on exactly the groups of bindings that close client connections', () => {
      // Act
      const modify = statementFor(template, 'elasticloadbalancing:ModifyTargetGroupAttributes');
      // Assess
      expect(modify).toEqual({
        Effect: 'Allow',
        Action: ['elasticloadbalancing:ModifyTargetGroupAttributes'],
        // The framework writes a list of one as its only item.
        Resource:
          'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-pg/0123456789abcdef',
      });
    });

    it('uses no wildcard but the ELBv2 Describe* actions on "*", DB instances of the stack and the framework log statements', () => {
      // Act
      const statements = statementsOf(template);
      const wildcards = statements.filter((s) => JSON.stringify(s.Resource).includes('*'));
      // Assess
      expect(statements.flatMap((s) => s.Action).filter((action) => action.includes('*'))).toEqual([]);
      expect(wildcards.map((s) => s.Action)).toEqual([
        ['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:TagResource'],
        ['logs:PutLogEvents'],
        [
          'elasticloadbalancing:DescribeTargetHealth',
          'elasticloadbalancing:DescribeTargetGroups',
          'elasticloadbalancing:DescribeTargetGroupAttributes',
        ],
        ['rds:DescribeDBInstances'],
      ]);
      expect(statementFor(template, 'elasticloadbalancing:DescribeTargetHealth')?.Resource).toBe('*');
      for (const logs of wildcards.slice(0, 2)) {
        expect(JSON.stringify(logs.Resource)).toContain(`:log-group:/aws/lambda/${STAGE_PREFIX}*:*`);
      }
    });

    it('creates the lease table: on demand, keyed by pool, named after the stage, deleted with the stack', () => {
      // Act
      const tables = ofType(template, 'AWS::DynamoDB::Table');
      // Assess
      expect(tables).toEqual([
        [
          'LeaseTable',
          {
            Type: 'AWS::DynamoDB::Table',
            DeletionPolicy: 'Delete',
            UpdateReplacePolicy: 'Delete',
            Properties: {
              TableName: `${STAGE_PREFIX}-leases`,
              BillingMode: 'PAY_PER_REQUEST',
              AttributeDefinitions: [{ AttributeName: 'pool', AttributeType: 'S' }],
              KeySchema: [{ AttributeName: 'pool', KeyType: 'HASH' }],
            },
          },
        ],
      ]);
    });

    it('gives both functions the bindings, the lease table, the env: webhook variable and the fallback alert topic', () => {
      // Act
      const variables = ofType(template, 'AWS::Lambda::Function').map(
        ([id, f]) => [id, (f.Properties.Environment as { Variables: unknown }).Variables] as const,
      );
      // Assess: the fallback topic defaults to the first the bindings alert into; Alibaba's `billing`
      // topic is not the Lambda's business
      const expected = {
        BINDINGS_FILE: BINDINGS_JSON,
        // The table's fixed name, not a Ref: `serverless invoke local` cannot resolve a Ref without a stack.
        LEASE_TABLE: `${STAGE_PREFIX}-leases`,
        // The `Service` dimension of the metrics, and the log level (test/deploy/serverless-monitoring.test.ts).
        METRICS_SERVICE: STAGE_PREFIX,
        LOG_LEVEL: 'info',
        REPORTING_SLACK_URL: SLACK_URL,
        ALERT_SNS_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:db-failover',
      };
      expect(variables).toEqual([
        ['RdsEventLambdaFunction', expected],
        ['ReconcileLambdaFunction', expected],
      ]);
      expect(plain.output).not.toContain('not set here');
    });

    it('grants GetItem and PutItem on exactly the lease table, and no other DynamoDB action', () => {
      // Act
      const lease = statementFor(template, 'dynamodb:GetItem');
      const dynamodbActions = statementsOf(template)
        .flatMap((s) => s.Action)
        .filter((action) => action.startsWith('dynamodb:'));
      // Assess
      expect(lease).toEqual({
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Resource: [{ 'Fn::GetAtt': ['LeaseTable', 'Arn'] }],
      });
      expect(dynamodbActions).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    });

    it('places the functions in no VPC and warns about it', () => {
      // Act
      const functions = ofType(template, 'AWS::Lambda::Function').map(([, f]) => f.Properties);
      const role = template.Resources.IamRoleLambdaExecution?.Properties;
      // Assess
      expect(functions.map((f) => f.VpcConfig)).toEqual([undefined, undefined]);
      expect(role?.ManagedPolicyArns).toBeUndefined();
      expect(plain.output).toContain('no --param subnetIds/securityGroupIds');
    });

    it('creates no RDS event topic, subscription or SNS trigger: RDS events reach EventBridge by default', () => {
      // Assess: the one topic is the alarms' (test/deploy/serverless-monitoring.test.ts)
      expect(ofType(template, 'AWS::SNS::Topic').map(([id]) => id)).toEqual(['AlertTopic']);
      expect(ofType(template, 'AWS::SNS::TopicPolicy')).toEqual([]);
      expect(ofType(template, 'AWS::RDS::EventSubscription')).toEqual([]);
      expect(ofType(template, 'AWS::SNS::Subscription')).toEqual([]);
      expect(
        ofType(template, 'AWS::Lambda::Permission').map(([, p]) => p.Properties.Principal),
      ).not.toContain('sns.amazonaws.com');
    });

    it('routes RDS EventBridge events with a settle event id or the failover category to rdsEvent', () => {
      // Act
      const rules = ofType(template, 'AWS::Events::Rule')
        .map(([, rule]) => rule.Properties)
        .filter((rule) => rule.EventPattern !== undefined);
      // Assess
      expect(rules).toHaveLength(1);
      expect(rules[0]?.EventPattern).toEqual({
        source: ['aws.rds'],
        'detail-type': ['RDS DB Instance Event', 'RDS DB Cluster Event', 'RDS Blue Green Deployment Event'],
        detail: { $or: [{ EventID: SETTLE_IDS }, { EventCategories: ['failover'] }] },
      });
      expect(rules[0]?.Targets).toEqual([
        expect.objectContaining({ Arn: { 'Fn::GetAtt': ['RdsEventLambdaFunction', 'Arn'] } }),
      ]);
    });

    it('runs reconcile every minute', () => {
      // Act
      const schedules = ofType(template, 'AWS::Events::Rule')
        .map(([, rule]) => rule.Properties)
        .filter((rule) => rule.ScheduleExpression !== undefined);
      // Assess
      expect(schedules).toEqual([
        expect.objectContaining({
          ScheduleExpression: 'rate(1 minute)',
          State: 'ENABLED',
          Targets: [expect.objectContaining({ Arn: { 'Fn::GetAtt': ['ReconcileLambdaFunction', 'Arn'] } })],
        }),
      ]);
    });

    it.each([
      ['rdsEvent', 'functions/aws/rds-event.js'],
      ['reconcile', 'functions/aws/reconcile.js'],
    ])(
      'zips %s as one minified bundle holding the AWS SDK and no YAML parser, beside the bindings as JSON',
      (name, handler) => {
        // Act
        const files = readZip(readFileSync(join(plain.dir, '.serverless', `${name}.zip`)));
        const code = files.get(handler)?.toString('utf8') ?? '';
        const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1] ?? '');
        // Assess
        expect([...files.keys()].sort()).toEqual([BINDINGS_JSON, handler]);
        // The whole document, the Alibaba binding included, as the YAML parser reads the file.
        expect(JSON.parse(files.get(BINDINGS_JSON)?.toString('utf8') ?? '')).toEqual(
          parseYaml(readFileSync(join(ROOT, BINDINGS), 'utf8')),
        );
        // The functions parse JSON: the YAML library (its error class and messages) is not in the bundle.
        const yamlMarkers = ['YAMLParseError', 'Implicit keys need to be on a single line'];
        expect(yamlMarkers.filter((marker) => code.includes(marker))).toEqual([]);
        // The SDK is inside the bundle: its clients and their endpoint names, and no package required at
        // run time but Node's own (the CRT signer is named in an error message only).
        const sdkMarkers = [
          '@aws-sdk/client-sns',
          '"DescribeDBClusters"',
          '"DescribeDBInstances"',
          'AmazonSimpleNotificationService',
          'Elastic Load Balancing v2',
          '"RegisterTargets"',
          '"DeregisterTargets"',
          '"DescribeTargetHealth"',
        ];
        expect(sdkMarkers.filter((marker) => !code.includes(marker))).toEqual([]);
        // No binding here has a Route 53 pool or source: its client is not in. (STS has no such marker: the
        // SDK's default credential chain carries an AssumeRole of its own.)
        // Nor has any a writability check: no Secrets Manager client either.
        const unusedMarkers = [
          '"ChangeResourceRecordSets"',
          '"ListResourceRecordSets"',
          '"GetChange"',
          '"GetSecretValue"',
        ];
        expect(unusedMarkers.filter((marker) => code.includes(marker))).toEqual([]);
        const packages = required.filter(
          (id) => !builtinModules.includes(id.replace(/^node:/, '')) && id !== '@aws-sdk/signature-v4-crt',
        );
        expect(packages).toEqual([]);
        // Minified and tree-shaken: about 0.5 MB; the CJS builds of the SDK alone would push it past 0.65 MB.
        expect(code.length).toBeGreaterThan(200_000);
        expect(code.length).toBeLessThan(650_000);
        expect(code.split('\n').length).toBeLessThan(1000); // unminified: ~15,000 lines
        // keepNames: minified, yet stack traces and error names stay readable (not `Cs`, `Ad`).
        expect(code).toContain('"handleInvocation"');
      },
    );
  });

  describe('with VPC, topic and schedule params', () => {
    let template: Template;

    beforeAll(() => {
      expectPackaged(withParams);
      template = templateOf(withParams);
    });

    it('places both functions in the VPC, with the framework granting the VPC access policy', () => {
      // Act
      const functions = ofType(template, 'AWS::Lambda::Function').map(([, f]) => f.Properties);
      const role = template.Resources.IamRoleLambdaExecution?.Properties;
      // Assess
      expect(functions.map((f) => f.VpcConfig)).toEqual([
        { SubnetIds: ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'], SecurityGroupIds: ['sg-0123456789abcdef0'] },
        { SubnetIds: ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'], SecurityGroupIds: ['sg-0123456789abcdef0'] },
      ]);
      expect(role?.ManagedPolicyArns).toEqual([VPC_POLICY]);
      expect(withParams.output).not.toContain('no --param subnetIds/securityGroupIds');
    });

    it('subscribes rdsEvent to the given topic instead of EventBridge, and creates neither a topic nor RDS event subscriptions', () => {
      // Act
      const subscriptions = ofType(template, 'AWS::SNS::Subscription').map(([, s]) => s.Properties);
      const patterns = ofType(template, 'AWS::Events::Rule').filter(
        ([, rule]) => rule.Properties.EventPattern !== undefined,
      );
      // Assess: one delivery path, so one failover is one run and one alert
      expect(subscriptions).toEqual([
        {
          TopicArn: 'arn:aws:sns:us-east-1:123456789012:shared-rds-events',
          Protocol: 'lambda',
          Endpoint: { 'Fn::GetAtt': ['RdsEventLambdaFunction', 'Arn'] },
          FilterPolicyScope: 'MessageBody',
          FilterPolicy: { 'Event ID': SETTLE_IDS.map((id) => ({ suffix: id })) },
        },
      ]);
      expect(patterns).toEqual([]);
      expect(ofType(template, 'AWS::SNS::Topic')).toEqual([]);
      expect(ofType(template, 'AWS::SNS::TopicPolicy')).toEqual([]);
      expect(ofType(template, 'AWS::RDS::EventSubscription')).toEqual([]);
      expect(ofType(template, 'AWS::DynamoDB::Table').map(([id]) => id)).toEqual(['LeaseTable']);
    });

    it('alerts a configuration failure to the given topic and webhook, and leaves out the unset env: variable with a warning', () => {
      // Act
      const variables = ofType(template, 'AWS::Lambda::Function').map(
        ([, f]) => (f.Properties.Environment as { Variables: unknown }).Variables,
      );
      const publish = statementFor(template, 'sns:Publish');
      // Assess
      const expected = {
        BINDINGS_FILE: BINDINGS_JSON,
        LEASE_TABLE: `${STAGE_PREFIX}-leases`,
        METRICS_SERVICE: STAGE_PREFIX,
        LOG_LEVEL: 'info',
        ALERT_SNS_TOPIC_ARN: PLATFORM_ONCALL,
        ALERT_WEBHOOK_URL: FALLBACK_HOOK,
        ALERT_WEBHOOK_KIND: 'dingtalk',
      };
      expect(variables).toEqual([expected, expected]);
      expect(publish?.Resource).toEqual([
        'arn:aws:sns:us-east-1:123456789012:db-failover',
        PLATFORM_ONCALL,
        'arn:aws:sns:us-east-1:123456789012:reporting-oncall',
      ]);
      expect(withParams.output).toContain(
        "serverless-vars: REPORTING_SLACK_URL not set here: the bindings' env: webhooks read it in the functions",
      );
    });

    it('runs reconcile on the given schedule', () => {
      // Act
      const schedules = ofType(template, 'AWS::Events::Rule')
        .map(([, rule]) => rule.Properties.ScheduleExpression)
        .filter(Boolean);
      // Assess
      expect(schedules).toEqual(['rate(5 minutes)']);
    });
  });

  it('grants Route 53 on the record names only, and AssumeRole on exactly the roles of other accounts', async () => {
    // Arrange: orders also keeps a record in its own zone; reporting's group and zone are in another account
    const text = readFileSync(join(ROOT, BINDINGS), 'utf8')
      .replace(
        '          targetGroupArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-pg/0123456789abcdef\n',
        `          targetGroupArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-pg/0123456789abcdef
      - aws-route53-record: { hostedZoneId: Z0ORDERS00000001, recordName: Orders.DB.internal }
      - aws-route53-record: { hostedZoneId: Z0ORDERS00000001, recordName: orders-ro.db.internal, ttlSeconds: 30 }
`,
      )
      .replace(
        '          availabilityZone: all\n',
        `          availabilityZone: all
          roleArn: arn:aws:iam::210987654321:role/rfs-reporting
          externalId: reporting-7
      - aws-route53-record:
          hostedZoneId: Z0REPORTING00001
          recordName: reporting.db.internal
          roleArn: arn:aws:iam::210987654321:role/rfs-reporting-dns
`,
      );
    // Act
    const packaged = await packageService([], { bindingsText: text });
    dirs.push(packaged.dir);
    expectPackaged(packaged);
    const statements = statementsOf(templateOf(packaged));
    // Assess
    expect(
      statements.filter((s) => s.Action.some((a) => /^(route53|sts|elasticloadbalancing:Reg)/.test(a))),
    ).toEqual([
      {
        Effect: 'Allow',
        Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
        // The framework writes a list of one as its only element.
        Resource: TARGET_GROUPS[0],
      },
      {
        Effect: 'Allow',
        Action: ['route53:ChangeResourceRecordSets'],
        Resource: 'arn:aws:route53:::hostedzone/Z0ORDERS00000001',
        Condition: {
          'ForAllValues:StringEquals': {
            'route53:ChangeResourceRecordSetsNormalizedRecordNames': [
              'orders-ro.db.internal',
              'orders.db.internal',
            ],
            'route53:ChangeResourceRecordSetsRecordTypes': ['A'],
            'route53:ChangeResourceRecordSetsActions': ['UPSERT'],
          },
        },
      },
      {
        Effect: 'Allow',
        Action: ['route53:ListResourceRecordSets'],
        Resource: 'arn:aws:route53:::hostedzone/Z0ORDERS00000001',
      },
      { Effect: 'Allow', Action: ['route53:GetChange'], Resource: 'arn:aws:route53:::change/*' },
      {
        Effect: 'Allow',
        Action: ['sts:AssumeRole'],
        Resource: [
          'arn:aws:iam::210987654321:role/rfs-reporting',
          'arn:aws:iam::210987654321:role/rfs-reporting-dns',
        ],
      },
    ]);
  });

  it('grants GetSecretValue on exactly the probe logins, Decrypt on their key through Secrets Manager only, and bundles the client', async () => {
    // Arrange: orders checks writability with a secret under its own key; reporting with one under aws/secretsmanager
    const ordersSecret = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-login-AbCdEf';
    const reportingSecret = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:reporting-login-GhIjKl';
    const key = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const text = readFileSync(join(ROOT, BINDINGS), 'utf8')
      .replace(
        '    onSwap: { clientConnections: close }\n',
        `    onSwap: { clientConnections: close }
    probe: { protocol: postgres, writable: { login: { secretArn: "${ordersSecret}", kmsKeyArn: "${key}" } } }
`,
      )
      .replace(
        '      healthTimeoutSeconds: 420\n',
        `      healthTimeoutSeconds: 420
    probe: { protocol: mysql, writable: { login: { secretArn: "${reportingSecret}" } } }
`,
      );
    // Act
    const packaged = await packageService([], {
      bindingsText: text,
      env: { REPORTING_SLACK_URL: SLACK_URL },
    });
    dirs.push(packaged.dir);
    expectPackaged(packaged);
    const statements = statementsOf(templateOf(packaged));
    const code =
      readZip(readFileSync(join(packaged.dir, '.serverless', 'reconcile.zip')))
        .get('functions/aws/reconcile.js')
        ?.toString('utf8') ?? '';
    // Assess
    expect(statements.filter((s) => s.Action.some((a) => /^(secretsmanager|kms):/.test(a)))).toEqual([
      {
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: [ordersSecret, reportingSecret],
      },
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        // The framework writes a list of one as its only element.
        Resource: key,
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
      },
    ]);
    expect(code).toContain('"GetSecretValue"');
  });

  it('fails on a bad bindings file, naming the binding and the field', async () => {
    // Arrange
    const bad = readFileSync(join(ROOT, BINDINGS), 'utf8').replace(
      'targetgroup/reporting-mysql/fedcba9876543210',
      'targetgroup/reporting-mysql',
    );
    // Act
    const packaged = await packageService([], { bindingsText: bad });
    dirs.push(packaged.dir);
    // Assess
    expect(packaged.exitCode).not.toBe(0);
    expect(packaged.output).toContain(
      "binding 'reporting': pools[0].aws-elbv2.targetGroupArn: must be an ELBv2 target group ARN",
    );
    expect(packaged.networkAttempts).toBe('');
    expect(existsSync(join(packaged.dir, '.serverless', 'rdsEvent.zip'))).toBe(false);
  });
});
