import { parseDeployArgs } from '../../bin/alicloud-deploy/args';
import { UsageError } from '../../bin/alicloud-deploy/errors';
import { functionEnvironment } from '../../bin/alicloud-deploy/function-environment';
import { buildDeployPlan } from '../../bin/alicloud-deploy/plan';
import { buildRamPolicy } from '../../bin/alicloud-deploy/policy';
import { parseConfig } from '../../shared/config/load';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders/0123456789abcdef';
const BINDINGS = `bindings:
  - name: billing
    endpoint: rm-bp1billing01.mysql.rds.aliyuncs.com:3306
    pools: [{ alicloud-nlb: { region: cn-hangzhou, serverGroupId: sgp-billing01 } }]
    alert:
      cloudMonitor: { region: cn-shanghai }
      webhook: [{ kind: dingtalk, url: env:BILLING_DINGTALK_URL }, { url: env:SHARED_HOOK_URL }]
  - name: orders
    endpoint: orders.example:5432
    pools: [{ aws-elbv2: { targetGroupArn: "${TG}" } }]
    alert: { webhook: [{ url: env:ORDERS_ONLY_ON_AWS }] }
`;
// Checked for shape only: no variable needs to be set to deploy.
const config = parseConfig(BINDINGS, 'bindings.yml', { env: {} });
const DINGTALK = 'https://oapi.dingtalk.com/robot/send?access_token=billing';
const FALLBACK = 'https://hooks.example/fallback-token';
const LEASE = {
  instance: 'rfs-leases',
  table: 'rds_failover_sync_leases',
  endpoint: 'https://rfs-leases.cn-hangzhou.ots.aliyuncs.com',
};

describe('the Function Compute functions environment', () => {
  it("copies the Alibaba bindings' env: webhook variables and the fallback sinks from the deploying shell", () => {
    // Act
    const environment = functionEnvironment(
      config,
      { webhookKind: 'slack' },
      { BILLING_DINGTALK_URL: DINGTALK, ORDERS_ONLY_ON_AWS: 'https://x', ALERT_WEBHOOK_URL: FALLBACK },
    );
    // Assess: the AWS binding's variable is the Lambda's business; the unset one is named
    expect(environment).toEqual({
      variables: {
        BILLING_DINGTALK_URL: DINGTALK,
        ALERT_CLOUDMONITOR_REGION: 'cn-shanghai',
        ALERT_WEBHOOK_URL: FALLBACK,
        ALERT_WEBHOOK_KIND: 'slack',
      },
      unset: ['SHARED_HOOK_URL'],
      fallbackCloudMonitorRegion: 'cn-shanghai',
    });
  });

  it('takes --alert-cloudmonitor-region over the bindings, and grants PutCustomEvent for it', () => {
    // Prepare
    const options = parseDeployArgs([
      '--alert-cloudmonitor-region',
      'cn-beijing',
      '--alert-webhook-kind',
      'dingtalk',
    ]);
    const nlbOnly = parseConfig(
      'bindings:\n  - { name: b, endpoint: "rm-b1.mysql.rds.aliyuncs.com:3306", pools: [{ alicloud-nlb: { region: cn-hangzhou, serverGroupId: sgp-b1 } }], alert: { webhook: [{ url: "https://hooks.example/x" }] } }\n',
      'bindings.yml',
    );
    // Act
    const environment = functionEnvironment(
      nlbOnly,
      { cloudMonitorRegion: options.alertCloudMonitorRegion ?? '' },
      {},
    );
    const withFallback = buildRamPolicy(nlbOnly, '1234567890123456', { fallbackCloudMonitor: true });
    const without = buildRamPolicy(nlbOnly, '1234567890123456');
    // Assess
    expect(options.alertWebhookKind).toBe('dingtalk');
    expect(environment).toEqual({
      variables: { ALERT_CLOUDMONITOR_REGION: 'cn-beijing' },
      unset: [],
      fallbackCloudMonitorRegion: 'cn-beijing',
    });
    expect(withFallback.Statement.filter((s) => s.Action.includes('cms:PutCustomEvent'))).toEqual([
      { Effect: 'Allow', Action: ['cms:PutCustomEvent'], Resource: ['*'] },
    ]);
    expect(without.Statement.filter((s) => s.Action.includes('cms:PutCustomEvent'))).toEqual([]);
  });

  it('refuses a bad region or webhook kind', () => {
    expect(() =>
      parseDeployArgs(['--alert-cloudmonitor-region', 'Hangzhou', '--alert-webhook-kind', 'teams']),
    ).toThrow(
      new UsageError(
        "--alert-cloudmonitor-region: not a region id (cn-hangzhou): 'Hangzhou'\n" +
          "--alert-webhook-kind: must be generic, dingtalk, slack, not 'teams'",
      ),
    );
  });

  it('puts the variables in both functions, beside the fixed ones, which they cannot override', () => {
    // Act
    const plan = buildDeployPlan(
      {
        roleArn: 'acs:ram::1234567890123456:role/rfs',
        schedule: '@every 1m',
        lease: LEASE,
        environment: { BILLING_DINGTALK_URL: DINGTALK, BINDINGS_FILE: 'elsewhere.json' },
      },
      { rdsEventSeconds: 450, reconcileSeconds: 330 },
      { reconcile: Buffer.from('r'), 'rds-event': Buffer.from('e') },
    );
    // Assess
    const expected = {
      BILLING_DINGTALK_URL: DINGTALK,
      BINDINGS_FILE: 'bindings.json',
      LEASE_TABLESTORE_ENDPOINT: 'https://rfs-leases.cn-hangzhou.ots.aliyuncs.com',
      LEASE_TABLESTORE_INSTANCE: 'rfs-leases',
      LEASE_TABLESTORE_TABLE: 'rds_failover_sync_leases',
    };
    expect(plan.functions.map((f) => f.environmentVariables)).toEqual([expected, expected]);
  });
  it('copies the KMS login ciphertext a binding names from the deploying shell, and names it when unset', () => {
    // Prepare
    const withLogin = parseConfig(
      `bindings:
  - name: billing
    endpoint: rm-bp1billing01.mysql.rds.aliyuncs.com:3306
    pools: [{ alicloud-nlb: { region: cn-hangzhou, serverGroupId: sgp-billing01 } }]
    probe:
      protocol: mysql
      writable: { login: { kmsCiphertext: env:BILLING_DB_LOGIN, region: cn-hangzhou, keyId: key-hzz62f1cb66fa42qo } }
  - name: orders
    endpoint: orders.example:5432
    pools: [{ aws-elbv2: { targetGroupArn: "${TG}" } }]
`,
      'bindings.yml',
      { env: {} },
    );
    const ciphertext = 'a2V5LWh6ejYyZjFjYjY2ZmE0MnFvMDAwMQobLD1OX2BxgpOktcbX6Pk=';
    // Act
    const set = functionEnvironment(withLogin, {}, { BILLING_DB_LOGIN: ciphertext, UNRELATED: 'x' });
    const unset = functionEnvironment(withLogin, {}, {});
    // Assess
    expect(set).toEqual({ variables: { BILLING_DB_LOGIN: ciphertext }, unset: [] });
    expect(unset).toEqual({ variables: {}, unset: ['BILLING_DB_LOGIN'] });
  });
});
