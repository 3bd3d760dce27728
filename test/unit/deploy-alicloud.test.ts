import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { applyDeployPlan } from '../../bin/alicloud-deploy/apply';
import { ensureLeaseTable, leaseTableParams } from '../../bin/alicloud-deploy/lease-table';
import type { LeaseTableClient } from '../../bin/alicloud-deploy/lease-table';
import { parseDeployArgs, parseInvokeArgs } from '../../bin/alicloud-deploy/args';
import { readAlicloudSettings } from '../../bin/alicloud-deploy/credentials';
import { MissingSettingsError, UsageError } from '../../bin/alicloud-deploy/errors';
import type { FcClient, FcResponse } from '../../bin/alicloud-deploy/fc-client';
import { manualPayload, readInvokeResult } from '../../bin/alicloud-deploy/invoke';
import { buildDeployPlan } from '../../bin/alicloud-deploy/plan';
import { buildRamPolicy } from '../../bin/alicloud-deploy/policy';
import { functionTimeouts } from '../../bin/alicloud-deploy/timeouts';
import { eventBridgeTrigger, scheduleProblem, timerTrigger } from '../../bin/alicloud-deploy/triggers';
import { crc32, createZip } from '../../bin/alicloud-deploy/zip';
import { parseConfig } from '../../shared/config/load';

const ROOT = resolve(__dirname, '..', '..');

const BINDINGS = `bindings:
  - name: billing
    endpoint: rm-bp1billing01.mysql.rds.aliyuncs.com:3306
    source: { alicloud: { instance: rm-bp1billing01 } }
    resolve: { alicloudRds: { region: cn-hangzhou, instance: rm-bp1billing01 } }
    pools:
      - alicloud-nlb: { region: cn-hangzhou, serverGroupId: sgp-billing01 }
      - alicloud-clb:
          region: cn-shanghai
          loadBalancerId: lb-billing02
          vServerGroupId: rsp-billing02
          listenerPort: 3306
          port: 3306
          relays: [i-relay02, i-relay01]
    alert: { cloudMonitor: { region: cn-hangzhou } }
    onSwap: { clientConnections: close }
  - name: ledger
    endpoint: pgm-ledger01.pg.rds.aliyuncs.com:5432
    pools: [{ alicloud-nlb: { region: cn-beijing, serverGroupId: sgp-ledger01 } }]
    policy: { settleSeconds: 60, healthTimeoutSeconds: 200 }
`;
const config = parseConfig(BINDINGS, 'test.yml');

const FULL_ENV = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tExampleKeyId',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'example-secret-value',
  ALIBABA_CLOUD_ACCOUNT_ID: '1234567890123456',
  ALIBABA_CLOUD_REGION: 'cn-hangzhou',
};

describe('readAlicloudSettings', () => {
  it('names every missing variable at once', () => {
    const { settings, problems } = readAlicloudSettings({});
    expect(settings).toBeUndefined();
    expect(problems.map((p) => p.name)).toEqual([
      'ALIBABA_CLOUD_ACCESS_KEY_ID',
      'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
      'ALIBABA_CLOUD_ACCOUNT_ID (or --account-id)',
      'ALIBABA_CLOUD_REGION (or --region)',
    ]);
  });

  it('reads the environment; flags win for account and region', () => {
    expect(readAlicloudSettings(FULL_ENV, { region: 'cn-beijing' })).toEqual({
      settings: {
        accessKeyId: 'LTAI5tExampleKeyId',
        accessKeySecret: 'example-secret-value',
        accountId: '1234567890123456',
        region: 'cn-beijing',
      },
      problems: [],
    });
  });

  it('asks for the token of an STS key, and passes it on', () => {
    const sts = { ...FULL_ENV, ALIBABA_CLOUD_ACCESS_KEY_ID: 'STS.NUexample' };
    expect(readAlicloudSettings(sts).problems).toEqual([
      {
        name: 'ALIBABA_CLOUD_SECURITY_TOKEN',
        problem: 'is not set, and the AccessKey ID starts with STS.: temporary keys need their token',
      },
    ]);
    expect(
      readAlicloudSettings({ ...sts, ALIBABA_CLOUD_SECURITY_TOKEN: 'tok' }).settings?.securityToken,
    ).toBe('tok');
  });

  it('refuses a malformed account id or region, and never echoes a secret', () => {
    const { problems } = readAlicloudSettings(
      { ...FULL_ENV, ALIBABA_CLOUD_REGION: 'Hangzhou' },
      { accountId: 'me' },
    );
    expect(problems).toEqual([
      {
        name: 'ALIBABA_CLOUD_ACCOUNT_ID (or --account-id)',
        problem: "must be the numeric account ID (UID), not 'me'",
      },
      {
        name: 'ALIBABA_CLOUD_REGION (or --region)',
        problem: "must be a region ID such as cn-hangzhou, not 'Hangzhou'",
      },
    ]);
    const message = new MissingSettingsError('deploy-alicloud', problems).message;
    expect(message).not.toContain('example-secret-value');
    expect(message).not.toContain('LTAI5tExampleKeyId');
  });
});

describe('parseDeployArgs', () => {
  it('defaults: bindings.yml, every minute, no VPC, no log, FC 3.0', () => {
    expect(parseDeployArgs([])).toEqual({
      help: false,
      bindings: 'bindings.yml',
      printPolicy: false,
      schedule: '@every 1m',
      leaseTable: 'rds_failover_sync_leases',
      fcApi: '3.0',
    });
  });

  it('takes --fc-api 2.0 for FC 2.0 accounts, and nothing else', () => {
    expect(parseDeployArgs(['--fc-api', '2.0']).fcApi).toBe('2.0');
    expect(parseInvokeArgs(['--fc-api=2.0']).fcApi).toBe('2.0');
    expect(() => parseDeployArgs(['--fc-api', '3'])).toThrow("--fc-api: must be 3.0 or 2.0, not '3'");
  });

  it('reads the VPC, the logstore and the role', () => {
    const options = parseDeployArgs([
      '--role-arn=acs:ram::1234567890123456:role/rds-failover-sync',
      '--vpc-id=vpc-bp1a',
      '--vswitch-ids=vsw-bp1a, vsw-bp1b',
      '--security-group-id=sg-bp1a',
      '--log-project=rfs-logs',
      '--log-store=functions',
      '--schedule=0 0/2 * * * *',
      '--lease-instance=rfs-leases',
      '--lease-table=leases_v2',
    ]);
    expect(options).toMatchObject({
      leaseInstance: 'rfs-leases',
      leaseTable: 'leases_v2',
      roleArn: 'acs:ram::1234567890123456:role/rds-failover-sync',
      vpc: { vpcId: 'vpc-bp1a', vSwitchIds: ['vsw-bp1a', 'vsw-bp1b'], securityGroupId: 'sg-bp1a' },
      log: { project: 'rfs-logs', logstore: 'functions' },
      schedule: '0 0/2 * * * *',
    });
  });

  it('names every bad argument in one UsageError', () => {
    const parse = () =>
      parseDeployArgs([
        '--role-arn=admin',
        '--vpc-id=vpc-1',
        '--log-store=x1',
        '--schedule=@every 30s',
        '--lease-instance=1-leases',
        '--lease-table=leases-v2',
      ]);
    expect(parse).toThrow(UsageError);
    expect(parse).toThrow(
      [
        "--role-arn: must be a RAM role ARN, acs:ram::<account>:role/<name>, not 'admin'",
        '--vpc-id, --vswitch-ids and --security-group-id: give all three, or none',
        '--log-project and --log-store: give both, or neither',
        "--schedule: '@every 30s': expected @every <n>m / <n>h, or a 6-field cron expression (seconds first, UTC)",
        "--lease-instance: not a Tablestore instance name (3-16 letters, digits, '-', a letter first): '1-leases'",
        "--lease-table: not a Tablestore table name (letters, digits, '_', not a digit first): 'leases-v2'",
      ].join('\n'),
    );
  });

  it('turns an unknown option into a UsageError', () => {
    expect(() => parseDeployArgs(['--stage=prod'])).toThrow(UsageError);
  });
});

describe('parseInvokeArgs', () => {
  it('reads --binding (repeatable) and --dry-run for reconcile', () => {
    expect(parseInvokeArgs(['--binding', 'billing', '-b', 'ledger', '--dry-run'])).toEqual({
      help: false,
      fcApi: '3.0',
      functionName: 'reconcile',
      bindings: ['billing', 'ledger'],
      dryRun: true,
    });
  });

  it('refuses an unknown function and --event with a manual flag', () => {
    expect(() => parseInvokeArgs(['--function=billing'])).toThrow(
      "--function: must be reconcile or rds-event, not 'billing'",
    );
    expect(() => parseInvokeArgs(['--event=e.json', '--dry-run'])).toThrow(
      '--event sends a file as it is: it cannot be combined with --binding or --dry-run',
    );
  });
});

describe('triggers', () => {
  it.each([
    ['@every 1m', undefined],
    ['@every 1h30m', undefined],
    ['0 0/5 * * * *', undefined],
    ['@every 0m', "'@every 0m': @every needs at least 1m"],
    [
      'rate(1 minute)',
      "'rate(1 minute)': expected @every <n>m / <n>h, or a 6-field cron expression (seconds first, UTC)",
    ],
    [
      '*/5 * * * *',
      "'*/5 * * * *': expected @every <n>m / <n>h, or a 6-field cron expression (seconds first, UTC)",
    ],
  ])('schedule %s -> %s', (schedule, problem) => {
    expect(scheduleProblem(schedule)).toBe(problem);
  });

  it('puts a timer on reconcile and an async EventBridge rule for RDS CloudMonitor events on rds-event', () => {
    expect(timerTrigger('@every 1m')).toEqual({
      triggerName: 'schedule',
      triggerType: 'timer',
      description: 'rds-failover-sync: reconcile every binding (the backstop)',
      triggerConfig: { cronExpression: '@every 1m', enable: true, payload: '' },
    });
    expect(eventBridgeTrigger()).toEqual({
      triggerName: 'rds-events',
      triggerType: 'eventbridge',
      description: 'rds-failover-sync: RDS events (HA switch, failure, maintenance)',
      triggerConfig: {
        triggerEnable: true,
        asyncInvocationType: true,
        eventRuleFilterPattern:
          '{"type":[{"prefix":"rds:CloudMonitor:"},{"prefix":"mysql:CloudMonitor:"},' +
          '{"prefix":"postgresql:CloudMonitor:"},{"prefix":"sqlserver:CloudMonitor:"},' +
          '{"prefix":"mariadb:CloudMonitor:"},{"prefix":"polardb:CloudMonitor:"}]}',
        eventSourceConfig: { eventSourceType: 'Default' },
      },
    });
  });
});

describe('functionTimeouts', () => {
  it('takes the longest waits plus 30 s, as on AWS', () => {
    // billing: defaults 120 + 300; ledger: 60 + 200
    expect(functionTimeouts(config)).toEqual({ rdsEventSeconds: 450, reconcileSeconds: 330 });
  });

  it('caps at 600 s and says what was wanted', () => {
    const slow = parseConfig(
      BINDINGS.replace(
        '{ settleSeconds: 60, healthTimeoutSeconds: 200 }',
        '{ settleSeconds: 600, healthTimeoutSeconds: 840 }',
      ),
      't',
    );
    expect(functionTimeouts(slow)).toEqual({
      rdsEventSeconds: 600,
      reconcileSeconds: 600,
      wanted: { rdsEventSeconds: 1470, reconcileSeconds: 870 },
    });
  });

  it('ignores bindings with AWS pools only', () => {
    const mixed = parseConfig(
      `${BINDINGS}  - name: orders
    endpoint: orders.cluster-abc.us-east-1.rds.amazonaws.com:5432
    pools: [{ aws-elbv2: { targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/o/0123456789abcdef" } }]
    policy: { settleSeconds: 600, healthTimeoutSeconds: 840 }
`,
      't',
    );
    expect(functionTimeouts(mixed)).toEqual({ rdsEventSeconds: 450, reconcileSeconds: 330 });
  });
});

describe('buildRamPolicy', () => {
  it('grants each action on the resources the bindings name, "*" only where RAM must', () => {
    expect(buildRamPolicy(config, '1234567890123456')).toEqual({
      Version: '1',
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            'nlb:ListServerGroupServers',
            'nlb:AddServersToServerGroup',
            'nlb:RemoveServersFromServerGroup',
          ],
          Resource: [
            'acs:nlb:cn-beijing:1234567890123456:servergroup/sgp-ledger01',
            'acs:nlb:cn-hangzhou:1234567890123456:servergroup/sgp-billing01',
          ],
        },
        { Effect: 'Allow', Action: ['nlb:GetJobStatus'], Resource: ['*'] },
        {
          Effect: 'Allow',
          Action: ['nlb:ListServerGroups'],
          Resource: [
            'acs:nlb:cn-beijing:1234567890123456:servergroup/sgp-ledger01',
            'acs:nlb:cn-hangzhou:1234567890123456:servergroup/sgp-billing01',
          ],
        },
        // Only billing asks `close`: ledger's group is read, never changed.
        {
          Effect: 'Allow',
          Action: ['nlb:UpdateServerGroupAttribute'],
          Resource: ['acs:nlb:cn-hangzhou:1234567890123456:servergroup/sgp-billing01'],
        },
        {
          Effect: 'Allow',
          Action: ['slb:DescribeVServerGroupAttribute', 'slb:DescribeHealthStatus'],
          Resource: ['acs:slb:cn-shanghai:1234567890123456:loadbalancer/lb-billing02'],
        },
        {
          Effect: 'Allow',
          Action: [
            'slb:AddVServerGroupBackendServers',
            'slb:RemoveVServerGroupBackendServers',
            'slb:ModifyVServerGroupBackendServers',
          ],
          Resource: [
            'acs:ecs:cn-shanghai:1234567890123456:instance/i-relay01',
            'acs:ecs:cn-shanghai:1234567890123456:instance/i-relay02',
            'acs:slb:cn-shanghai:1234567890123456:loadbalancer/lb-billing02',
          ],
        },
        {
          Effect: 'Allow',
          Action: ['rds:DescribeDBInstanceNetInfo'],
          Resource: ['acs:rds:cn-hangzhou:1234567890123456:dbinstance/rm-bp1billing01'],
        },
        { Effect: 'Allow', Action: ['cms:PutCustomEvent'], Resource: ['*'] },
      ],
    });
  });

  it('grants GetRow and PutRow on exactly the lease table, and nothing on the instance', () => {
    const lease = { region: 'cn-hangzhou', instance: 'rfs-leases', table: 'rds_failover_sync_leases' };

    const statements = buildRamPolicy(config, '1234567890123456', { lease }).Statement;

    expect(statements.at(-1)).toEqual({
      Effect: 'Allow',
      Action: ['ots:GetRow', 'ots:PutRow'],
      Resource: ['acs:ots:cn-hangzhou:1234567890123456:instance/rfs-leases/table/rds_failover_sync_leases'],
    });
    expect(statements.flatMap((s) => s.Action).filter((a) => a.startsWith('ots:'))).toEqual([
      'ots:GetRow',
      'ots:PutRow',
    ]);
  });

  it('leaves out the services no binding uses, and puts "*" for an unknown account', () => {
    const nlbOnly = parseConfig(
      'bindings: [{ name: a, endpoint: "a.example.com:5432", pools: [{ alicloud-nlb: { region: cn-hangzhou, serverGroupId: sgp-a } }] }]',
      't',
    );
    expect(buildRamPolicy(nlbOnly).Statement.map((s) => [s.Action[0], s.Resource])).toEqual([
      ['nlb:ListServerGroupServers', ['acs:nlb:cn-hangzhou:*:servergroup/sgp-a']],
      ['nlb:GetJobStatus', ['*']],
      ['nlb:ListServerGroups', ['acs:nlb:cn-hangzhou:*:servergroup/sgp-a']],
    ]);
  });

  it('grants listener health on the NLB instances of the region only when a pool names a listener', () => {
    const withListener = parseConfig(
      'bindings: [{ name: a, endpoint: "a.example.com:5432", pools: [{ alicloud-nlb: { region: cn-shanghai, serverGroupId: sgp-a, listenerId: lsn-a } }] }]',
      't',
    );
    expect(
      buildRamPolicy(withListener, '1234567890123456').Statement.map((s) => [s.Action[0], s.Resource]),
    ).toEqual([
      ['nlb:ListServerGroupServers', ['acs:nlb:cn-shanghai:1234567890123456:servergroup/sgp-a']],
      ['nlb:GetJobStatus', ['*']],
      ['nlb:ListServerGroups', ['acs:nlb:cn-shanghai:1234567890123456:servergroup/sgp-a']],
      ['nlb:GetListenerHealthStatus', ['acs:nlb:cn-shanghai:1234567890123456:loadbalancer/*']],
    ]);
  });

  it('grants what Function Compute does with the role for --vpc-id and --log-project, and only then', () => {
    // Prepare
    const nlbOnly = parseConfig(
      'bindings: [{ name: a, endpoint: "a.example.com:5432", pools: [{ alicloud-nlb: { region: cn-hangzhou, serverGroupId: sgp-a } }] }]',
      't',
    );
    const vpc = { vpcId: 'vpc-a1', vSwitchIds: ['vsw-a1'], securityGroupId: 'sg-a1' };
    const log = { project: 'rds-failover-sync-logs', logstore: 'functions' };
    // Act
    const plain = buildRamPolicy(nlbOnly, '1234567890123456');
    const full = buildRamPolicy(nlbOnly, '1234567890123456', { region: 'cn-hangzhou', vpc, log });
    const unknownRegion = buildRamPolicy(nlbOnly, '*', { log });
    // Assess
    expect(plain.Statement.flatMap((s) => s.Action)).not.toContain('ecs:CreateNetworkInterface');
    expect(full.Statement.slice(3)).toEqual([
      {
        Effect: 'Allow',
        Action: ['vpc:DescribeVpcAttribute', 'vpc:DescribeVSwitchAttributes', 'vpc:DescribeVSwitches'],
        Resource: ['*'],
      },
      {
        Effect: 'Allow',
        Action: [
          'ecs:CreateNetworkInterface',
          'ecs:DeleteNetworkInterface',
          'ecs:DescribeNetworkInterfaces',
          'ecs:AttachNetworkInterface',
          'ecs:DetachNetworkInterface',
          'ecs:CreateNetworkInterfacePermission',
          'ecs:DeleteNetworkInterfacePermission',
          'ecs:DescribeNetworkInterfacePermissions',
          'ecs:DescribeSecurityGroups',
          'ecs:DescribeSecurityGroupAttribute',
        ],
        Resource: ['*'],
      },
      {
        Effect: 'Allow',
        Action: ['log:PostLogStoreLogs'],
        Resource: ['acs:log:cn-hangzhou:1234567890123456:project/rds-failover-sync-logs/logstore/functions'],
      },
    ]);
    expect(unknownRegion.Statement.at(-1)?.Resource).toEqual([
      'acs:log:*:*:project/rds-failover-sync-logs/logstore/functions',
    ]);
  });

  it("grants kms:Decrypt on exactly the keys the bindings' KMS logins name, each once", () => {
    // Prepare: two bindings share a key, a third has its own in another region, a fourth probes without a login
    const login = (key: string, region = 'cn-hangzhou') =>
      `probe: { protocol: mysql, writable: { login: { kmsCiphertext: env:DB_LOGIN, region: ${region}, keyId: ${key} } } }`;
    const withLogins = parseConfig(
      `bindings:
  - { name: a, endpoint: "a.example.com:3306", pools: [{ alicloud-nlb: { region: cn-hangzhou, serverGroupId: sgp-a } }], ${login('key-hzz62f1cb66fa42qo0001')} }
  - { name: b, endpoint: "b.example.com:3306", pools: [{ alicloud-nlb: { region: cn-hangzhou, serverGroupId: sgp-b } }], ${login('key-hzz62f1cb66fa42qo0001')} }
  - { name: c, endpoint: "c.example.com:3306", pools: [{ alicloud-nlb: { region: cn-beijing, serverGroupId: sgp-c } }], ${login('202b9877-5a25-46e3-a763-e20791b50001', 'cn-beijing')} }
  - { name: d, endpoint: "d.example.com:3306", pools: [{ alicloud-nlb: { region: cn-hangzhou, serverGroupId: sgp-d } }], probe: mysql }`,
      't',
      { env: {} },
    );
    // Act
    const statements = buildRamPolicy(withLogins, '1234567890123456').Statement;
    // Assess
    expect(statements.filter((s) => s.Action.some((a) => a.startsWith('kms:')))).toEqual([
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: [
          'acs:kms:cn-beijing:1234567890123456:key/202b9877-5a25-46e3-a763-e20791b50001',
          'acs:kms:cn-hangzhou:1234567890123456:key/key-hzz62f1cb66fa42qo0001',
        ],
      },
    ]);
    // Without a KMS login, no KMS statement at all.
    const withoutLogin = parseConfig(
      'bindings: [{ name: d, endpoint: "d.example.com:3306", pools: [{ alicloud-nlb: { region: cn-hangzhou, serverGroupId: sgp-d } }], probe: mysql }]',
      't',
    );
    expect(
      buildRamPolicy(withoutLogin)
        .Statement.flatMap((s) => s.Action)
        .filter((a) => a.startsWith('kms:')),
    ).toEqual([]);
  });

  it('grants nothing for bindings that live on AWS only', () => {
    const mixed = parseConfig(
      `bindings:
  - { name: a, endpoint: "a.example.com:5432", pools: [{ alicloud-nlb: { region: cn-hangzhou, serverGroupId: sgp-a } }] }
  - name: b
    endpoint: "b.example.com:5432"
    pools: [{ aws-elbv2: { targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/b/0000000000000001" } }]
    alert: { cloudMonitor: { region: cn-hangzhou } }`,
      't',
    );
    expect(buildRamPolicy(mixed).Statement.map((s) => s.Action[0])).toEqual([
      'nlb:ListServerGroupServers',
      'nlb:GetJobStatus',
      'nlb:ListServerGroups',
    ]);
  });
});

describe('createZip', () => {
  const files = [
    {
      name: 'index.js',
      data: Buffer.from(`exports.handler = async () => ${JSON.stringify('x'.repeat(5000))};\n`),
    },
    { name: 'bindings.yml', data: Buffer.from('b') },
  ];

  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789')).toString(16)).toBe('cbf43926');
  });

  it('writes an archive the system tools read back byte for byte', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'rfs-zip-'));
    const path = join(dir, 'function.zip');
    writeFileSync(path, createZip(files));
    try {
      // Act + Assess
      if (hasCommand('unzip')) {
        execFileSync('unzip', ['-t', path], { encoding: 'utf8' });
        for (const file of files) expect(execFileSync('unzip', ['-p', path, file.name])).toEqual(file.data);
      } else {
        const listing = execFileSync('python3', ['-m', 'zipfile', '-l', path], { encoding: 'utf8' });
        for (const file of files) expect(listing).toContain(file.name);
        execFileSync('python3', ['-m', 'zipfile', '-t', path]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('makes the same bytes from the same files', () => {
    expect(createZip(files).equals(createZip(files))).toBe(true);
  });
});

const LEASE = {
  instance: 'rfs-leases',
  table: 'rds_failover_sync_leases',
  endpoint: 'https://rfs-leases.cn-hangzhou.ots.aliyuncs.com',
};

describe('buildDeployPlan', () => {
  it('describes the service, both functions (nodejs20, index.handler, computed timeouts) and triggers', () => {
    const plan = buildDeployPlan(
      {
        roleArn: 'acs:ram::1234567890123456:role/rfs',
        vpc: { vpcId: 'vpc-a', vSwitchIds: ['vsw-a'], securityGroupId: 'sg-a' },
        log: { project: 'p-1', logstore: 's-1' },
        schedule: '@every 2m',
        lease: LEASE,
      },
      { rdsEventSeconds: 450, reconcileSeconds: 330 },
      { reconcile: Buffer.from('zip-r'), 'rds-event': Buffer.from('zip-e') },
    );
    expect(plan.leaseTable).toEqual({
      instance: 'rfs-leases',
      table: 'rds_failover_sync_leases',
      endpoint: 'https://rfs-leases.cn-hangzhou.ots.aliyuncs.com',
    });
    expect(plan.service).toEqual({
      description:
        'rds-failover-sync: keeps load balancers pinned to ApsaraDB RDS instances across failovers',
      role: 'acs:ram::1234567890123456:role/rfs',
      internetAccess: true,
      vpcConfig: { vpcId: 'vpc-a', vSwitchIds: ['vsw-a'], securityGroupId: 'sg-a' },
      logConfig: { project: 'p-1', logstore: 's-1' },
    });
    expect(
      plan.functions.map((f) => [f.functionName, f.runtime, f.handler, f.timeout, f.memorySize]),
    ).toEqual([
      ['reconcile', 'nodejs20', 'index.handler', 330, 256],
      ['rds-event', 'nodejs20', 'index.handler', 450, 256],
    ]);
    expect(plan.functions.map((f) => Buffer.from(f.code.zipFile, 'base64').toString())).toEqual([
      'zip-r',
      'zip-e',
    ]);
    expect(plan.functions.map((f) => f.environmentVariables)).toEqual([
      {
        BINDINGS_FILE: 'bindings.json',
        LEASE_TABLESTORE_ENDPOINT: 'https://rfs-leases.cn-hangzhou.ots.aliyuncs.com',
        LEASE_TABLESTORE_INSTANCE: 'rfs-leases',
        LEASE_TABLESTORE_TABLE: 'rds_failover_sync_leases',
      },
      {
        BINDINGS_FILE: 'bindings.json',
        LEASE_TABLESTORE_ENDPOINT: 'https://rfs-leases.cn-hangzhou.ots.aliyuncs.com',
        LEASE_TABLESTORE_INSTANCE: 'rfs-leases',
        LEASE_TABLESTORE_TABLE: 'rds_failover_sync_leases',
      },
    ]);
    expect(
      plan.triggers.map((t) => [
        t.functionName,
        t.trigger.triggerType,
        t.trigger.triggerConfig.cronExpression,
      ]),
    ).toEqual([
      ['reconcile', 'timer', '@every 2m'],
      ['rds-event', 'eventbridge', undefined],
    ]);
  });
});

/** A Function Compute that knows which resources exist already, and records every call. */
function fakeFc(existing: readonly string[] = [], failOn?: { call: string; code: string }) {
  const calls: string[] = [];
  const ok: FcResponse = { headers: {}, data: {} };
  const act = async (call: string, resource: string, existsCode?: string): Promise<FcResponse> => {
    calls.push(`${call} ${resource}`);
    if (failOn?.call === call) throw Object.assign(new Error(`${call} failed`), { code: failOn.code });
    if (existsCode && existing.includes(resource)) {
      throw Object.assign(new Error(`${resource} exists`), {
        name: `FC${existsCode}Error`,
        code: existsCode,
      });
    }
    return ok;
  };
  const fc: FcClient = {
    createService: (service) => act('createService', service, 'ServiceAlreadyExists'),
    updateService: (service) => act('updateService', service),
    createFunction: (_s, options) => act('createFunction', options.functionName, 'FunctionAlreadyExists'),
    updateFunction: (_s, name) => act('updateFunction', name),
    createTrigger: (_s, fn, options) =>
      act('createTrigger', `${fn}/${options.triggerName}`, 'TriggerAlreadyExists'),
    updateTrigger: (_s, fn, name) => act('updateTrigger', `${fn}/${name}`),
    invokeFunction: (_s, name) => act('invokeFunction', name),
  };
  return { fc, calls };
}

/**
 * A Tablestore instance that has the lease table already (with `key` as its primary key) or not, and
 * records every call. Errors carry the OTS code as the string `code`, one of the two shapes
 * `tablestoreFailureOf` reads.
 */
function fakeLeaseTables(existing?: { key: { name: string; type: number }[] }, failOn?: string) {
  const calls: string[] = [];
  const otsError = (code: string) => Object.assign(new Error(code), { code });
  const leaseTables: LeaseTableClient = {
    async createTable(params) {
      calls.push(`createTable ${JSON.stringify(params)}`);
      if (failOn !== undefined) throw otsError(failOn);
      if (existing !== undefined) throw otsError('OTSObjectAlreadyExist');
      return {};
    },
    async describeTable({ tableName }) {
      calls.push(`describeTable ${tableName}`);
      if (existing === undefined) throw otsError('OTSObjectNotExist');
      return {
        tableMeta: { tableName, primaryKey: existing.key },
        tableOptions: { timeToLive: -1, maxVersions: 1 },
        tableStatus: 1,
      };
    },
  };
  return { leaseTables, calls };
}

const CREATE_LEASE_TABLE =
  'createTable {"tableMeta":{"tableName":"rds_failover_sync_leases","primaryKey":[{"name":"pool","type":"STRING"}]},' +
  '"reservedThroughput":{"capacityUnit":{"read":0,"write":0}},"tableOptions":{"timeToLive":-1,"maxVersions":1}}';

describe('ensureLeaseTable', () => {
  it('creates the table: key pool (STRING), no reserved throughput, one version, no TTL', async () => {
    const { leaseTables, calls } = fakeLeaseTables();

    await expect(ensureLeaseTable(leaseTables, LEASE)).resolves.toBe('created');

    expect(calls).toEqual([CREATE_LEASE_TABLE]);
    expect(leaseTableParams('t')).toEqual({
      tableMeta: { tableName: 't', primaryKey: [{ name: 'pool', type: 'STRING' }] },
      reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
      tableOptions: { timeToLive: -1, maxVersions: 1 },
    });
  });

  it('keeps a table that exists with the key the store writes', async () => {
    const { leaseTables, calls } = fakeLeaseTables({ key: [{ name: 'pool', type: 2 }] });

    await expect(ensureLeaseTable(leaseTables, LEASE)).resolves.toBe('verified');

    expect(calls).toEqual([CREATE_LEASE_TABLE, 'describeTable rds_failover_sync_leases']);
  });

  it.each([
    [[{ name: 'pool', type: 1 }], 'pool'],
    [[{ name: 'id', type: 2 }], 'id'],
    [
      [
        { name: 'pool', type: 2 },
        { name: 'zone', type: 2 },
      ],
      'pool, zone',
    ],
  ])('refuses a table that exists with key %j', async (key, names) => {
    const { leaseTables } = fakeLeaseTables({ key });

    await expect(ensureLeaseTable(leaseTables, LEASE)).rejects.toThrow(
      `Tablestore rfs-leases/rds_failover_sync_leases exists with primary key (${names}), not (pool STRING): ` +
        'give --lease-table another name',
    );
  });

  it('names the code of any other failure, with a hint for a missing instance', async () => {
    const { leaseTables } = fakeLeaseTables(undefined, 'NetworkingError');

    await expect(ensureLeaseTable(leaseTables, LEASE)).rejects.toThrow(
      'Tablestore rfs-leases/rds_failover_sync_leases: CreateTable failed: NetworkingError: NetworkingError ' +
        '(does the instance exist in this region? the deploy does not create instances)',
    );
  });
});

describe('applyDeployPlan', () => {
  const plan = buildDeployPlan(
    { roleArn: 'acs:ram::1:role/r', schedule: '@every 1m', lease: LEASE },
    { rdsEventSeconds: 450, reconcileSeconds: 330 },
    { reconcile: Buffer.from('r'), 'rds-event': Buffer.from('e') },
  );

  it('creates everything in a fresh account, one call each, the lease table first', async () => {
    const { fc, calls } = fakeFc();
    const tables = fakeLeaseTables();
    const steps = await applyDeployPlan({ fc, leaseTables: tables.leaseTables }, plan);
    expect(tables.calls).toEqual([CREATE_LEASE_TABLE]);
    expect(steps[0]).toEqual({ resource: 'table rfs-leases/rds_failover_sync_leases', action: 'created' });
    expect(calls).toEqual([
      'createService rds-failover-sync',
      'createFunction reconcile',
      'createFunction rds-event',
      'createTrigger reconcile/schedule',
      'createTrigger rds-event/rds-events',
    ]);
    expect(steps.every((s) => s.action === 'created')).toBe(true);
  });

  it('updates what exists, on the AlreadyExists codes', async () => {
    const { fc, calls } = fakeFc(['rds-failover-sync', 'reconcile', 'reconcile/schedule']);
    const { leaseTables } = fakeLeaseTables({ key: [{ name: 'pool', type: 2 }] });
    const steps = await applyDeployPlan({ fc, leaseTables }, plan);
    expect(steps).toEqual([
      { resource: 'table rfs-leases/rds_failover_sync_leases', action: 'verified' },
      { resource: 'service rds-failover-sync', action: 'updated' },
      { resource: 'function reconcile', action: 'updated' },
      { resource: 'function rds-event', action: 'created' },
      { resource: 'trigger reconcile/schedule', action: 'updated' },
      { resource: 'trigger rds-event/rds-events', action: 'created' },
    ]);
    expect(calls.filter((c) => c.startsWith('update'))).toEqual([
      'updateService rds-failover-sync',
      'updateFunction reconcile',
      'updateTrigger reconcile/schedule',
    ]);
  });

  it('deploys no function when the lease table cannot be made sure of', async () => {
    const { fc, calls } = fakeFc();
    const { leaseTables } = fakeLeaseTables({ key: [{ name: 'id', type: 2 }] });
    await expect(applyDeployPlan({ fc, leaseTables }, plan)).rejects.toThrow('exists with primary key (id)');
    expect(calls).toEqual([]);
  });

  it('stops at any other error and throws it', async () => {
    const { fc, calls } = fakeFc([], { call: 'createFunction', code: 'AccessDenied' });
    const { leaseTables } = fakeLeaseTables();
    await expect(applyDeployPlan({ fc, leaseTables }, plan)).rejects.toThrow('createFunction failed');
    expect(calls).toEqual(['createService rds-failover-sync', 'createFunction reconcile']);
  });
});

describe('invoke helpers', () => {
  it('builds the manual payload', () => {
    expect(manualPayload({ bindings: ['billing'], dryRun: true })).toBe(
      '{"bindings":["billing"],"dryRun":true}',
    );
    expect(manualPayload({ bindings: [], dryRun: false })).toBe('{"dryRun":false}');
  });

  it('prints the report as indented JSON, from text or parsed data', () => {
    expect(readInvokeResult({ headers: {}, data: '{"trigger":"manual"}' })).toEqual({
      ok: true,
      output: '{\n  "trigger": "manual"\n}',
    });
    expect(readInvokeResult({ headers: {}, data: Buffer.from('plain') }).output).toBe('plain');
  });

  it('sees a function error in x-fc-error-type, with the log tail', () => {
    expect(
      readInvokeResult({
        headers: {
          'x-fc-error-type': 'UnhandledInvocationError',
          'x-fc-log-result': Buffer.from('log line').toString('base64'),
        },
        data: { errorMessage: '1 binding(s) need attention' },
      }),
    ).toEqual({
      ok: false,
      output: '{\n  "errorMessage": "1 binding(s) need attention"\n}',
      log: 'log line',
    });
  });
});

describe('the scripts without credentials', () => {
  // Each run starts tsx: a few seconds on a busy machine.
  jest.setTimeout(60_000);
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rfs-deploy-'));
    writeFileSync(join(dir, 'bindings.yml'), BINDINGS);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** `npx tsx bin/<script> ...args` with nothing in the environment but PATH, and no network allowed. */
  function run(script: string, args: readonly string[] = []) {
    const networkLog = join(dir, `network-${script}.log`);
    const result = spawnSync('npx', ['tsx', join('bin', script), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        NODE_OPTIONS: `--require ${join(ROOT, 'test', 'deploy', 'no-network.cjs')}`,
        NO_NETWORK_LOG: networkLog,
      },
    });
    return {
      status: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
      network: existsSync(networkLog) ? readFileSync(networkLog, 'utf8') : '',
    };
  }

  it.each([
    ['deploy-alicloud.ts', [], ['--role-arn', '--lease-instance']],
    ['invoke-alicloud.ts', ['--binding', 'billing', '--dry-run'], []],
  ])('%s exits 2 at once, naming every missing variable', (script, args, flags) => {
    const { status, stderr, network } = run(script, args);
    expect(status).toBe(2);
    for (const name of [
      'ALIBABA_CLOUD_ACCESS_KEY_ID',
      'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
      'ALIBABA_CLOUD_ACCOUNT_ID (or --account-id)',
      'ALIBABA_CLOUD_REGION (or --region)',
      ...flags,
    ]) {
      expect(stderr).toContain(`  - ${name} `);
    }
    expect(stderr).toContain('export ALIBABA_CLOUD_ACCESS_KEY_ID=');
    expect(network).toBe('');
  });

  it('deploy --print-policy needs no credentials', () => {
    const { status, stdout, network } = run('deploy-alicloud.ts', [
      '--print-policy',
      `--bindings=${join(dir, 'bindings.yml')}`,
      '--lease-instance=rfs-leases',
    ]);
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual(
      buildRamPolicy(config, '*', {
        region: '*',
        lease: { region: '*', instance: 'rfs-leases', table: 'rds_failover_sync_leases' },
      }),
    );
    expect(network).toBe('');
  });

  it('deploy --print-policy wants the lease instance, which the policy names', () => {
    const { status, stderr } = run('deploy-alicloud.ts', [
      '--print-policy',
      `--bindings=${join(dir, 'bindings.yml')}`,
    ]);
    expect(status).toBe(2);
    expect(stderr).toContain('--lease-instance is required');
  });
});

function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}
