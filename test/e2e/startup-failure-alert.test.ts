import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handler as awsReconcile } from '../../functions/aws/reconcile';
import { handler as alicloudReconcile } from '../../functions/alicloud/reconcile';
import { LAB_ALICLOUD_CREDENTIALS, startAlicloudLab } from '../../lab/alicloud-lab';
import { startAwsLab } from '../../lab/aws-lab';
import { ConfigError } from '../../shared/config/errors';
import { ConfigurationFailedError } from '../../shared/platform/configuration-failed-error';
import { UnknownBindingError } from '../../shared/reconcile/select';

// A function whose bindings file cannot be used never reaches the loop, and the file names every sink
// but the function's own: the environment's (set by the deploy) must carry the alert.

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders/0123456789abcdef';
/** Valid for packaging; on the function, its webhook's variable is not set. */
const UNRESOLVED_WEBHOOK = JSON.stringify({
  bindings: [
    {
      name: 'orders',
      endpoint: 'orders.cluster-c9lab0000001.us-east-1.rds.amazonaws.com:5432',
      pools: [{ 'aws-elbv2': { targetGroupArn: TG } }],
      alert: { webhook: [{ kind: 'slack', url: 'env:ORDERS_SLACK_URL' }] },
    },
  ],
});

const ENV_KEYS = [
  'BINDINGS_FILE',
  'LAMBDA_TASK_ROOT',
  'FC_FUNC_CODE_PATH',
  'ALERT_SNS_TOPIC_ARN',
  'ALERT_CLOUDMONITOR_REGION',
  'ALERT_WEBHOOK_URL',
  'ORDERS_SLACK_URL',
  'AWS_LAMBDA_FUNCTION_NAME',
];
let saved: Record<string, string | undefined>;
let dir: string;

beforeEach(() => {
  saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
  for (const key of ENV_KEYS) Reflect.deleteProperty(process.env, key);
  dir = mkdtempSync(join(tmpdir(), 'rfs-startup-'));
});

afterEach(() => {
  for (const key of ENV_KEYS) Reflect.deleteProperty(process.env, key);
  Object.assign(process.env, Object.fromEntries(Object.entries(saved).filter(([, v]) => v !== undefined)));
  rmSync(dir, { recursive: true, force: true });
});

describe('a function whose bindings file cannot be loaded', () => {
  it('on AWS, alerts once through ALERT_SNS_TOPIC_ARN, naming the unset variable, then throws ConfigurationFailedError', async () => {
    // Prepare
    const lab = await startAwsLab();
    try {
      const topic = lab.sns.createTopic('rds-failover-sync-fallback');
      writeFileSync(join(dir, 'bindings.json'), UNRESOLVED_WEBHOOK);
      Object.assign(process.env, {
        LAMBDA_TASK_ROOT: dir,
        BINDINGS_FILE: 'bindings.json',
        ALERT_SNS_TOPIC_ARN: topic,
        AWS_LAMBDA_FUNCTION_NAME: 'rds-failover-sync-dev-reconcile',
      });
      // Act
      const error = await awsReconcile({}, { getRemainingTimeInMillis: () => 60_000 }).catch(
        (e: unknown) => e,
      );
      // Assess
      expect(error).toBeInstanceOf(ConfigurationFailedError);
      expect((error as ConfigurationFailedError).cause).toBeInstanceOf(ConfigError);
      expect((error as ConfigurationFailedError).alerts).toEqual({ sent: [topic], failed: [] });
      expect(lab.sns.published.map((m) => [m.topicArn, m.subject])).toEqual([
        [topic, 'rds-failover-sync: CONFIGURATION FAILED: rds-failover-sync-dev-reconcile cannot start'],
      ]);
      expect(lab.sns.published[0]?.message).toContain(
        "binding 'orders': alert.webhook[0].url: environment variable ORDERS_SLACK_URL is not set",
      );
    } finally {
      await lab.close();
    }
  });

  it('on Function Compute, alerts once through ALERT_CLOUDMONITOR_REGION, then throws ConfigurationFailedError', async () => {
    // Prepare
    const lab = await startAlicloudLab();
    try {
      writeFileSync(join(dir, 'bindings.json'), '{"bindings": [ {"name": "billing", ');
      Object.assign(process.env, {
        FC_FUNC_CODE_PATH: dir,
        BINDINGS_FILE: 'bindings.json',
        ALERT_CLOUDMONITOR_REGION: 'cn-hangzhou',
      });
      const context = {
        requestId: 'lab-request',
        credentials: LAB_ALICLOUD_CREDENTIALS,
        function: { name: 'rds-failover-sync-reconcile', timeout: 60 },
      };
      // Act
      const error = await alicloudReconcile(Buffer.from('{}'), context).catch((e: unknown) => e);
      // Assess
      expect(error).toBeInstanceOf(ConfigurationFailedError);
      expect((error as Error).message).toContain('alerted cloudmonitor custom event in cn-hangzhou');
      expect(lab.cms.events).toHaveLength(1);
      const content = JSON.parse(lab.cms.events[0]?.content ?? '{}') as {
        subject: string;
        details: { kind: string; error: string; problems: string[] };
      };
      expect(content.subject).toBe(
        'rds-failover-sync: CONFIGURATION FAILED: rds-failover-sync-reconcile cannot start',
      );
      expect(content.details).toEqual({
        kind: 'configuration-failed',
        function: 'rds-failover-sync-reconcile',
        error: 'ConfigError',
        problems: [
          'not valid JSON: a deployed function reads the JSON its packaging writes from the YAML bindings file; package again rather than pointing BINDINGS_FILE at YAML',
        ],
      });
    } finally {
      await lab.close();
    }
  });

  it('with no sink in the environment, still throws ConfigurationFailedError, saying nobody was told', async () => {
    // Prepare
    writeFileSync(join(dir, 'bindings.json'), UNRESOLVED_WEBHOOK);
    Object.assign(process.env, { LAMBDA_TASK_ROOT: dir, BINDINGS_FILE: 'bindings.json' });
    // Act
    const error = await awsReconcile({}, { getRemainingTimeInMillis: () => 60_000 }).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(ConfigurationFailedError);
    expect((error as Error).message).toMatch(
      /^the function cannot start \(no alert sink in the function environment \(ALERT_SNS_TOPIC_ARN, ALERT_WEBHOOK_URL, ALERT_CLOUDMONITOR_REGION\)\): /,
    );
  });
  // Last: a sandbox keeps the runtime it built, as Lambda does, and every later invocation uses it.
  it('on AWS, loads the same file once the deploy has passed the variable on', async () => {
    // Prepare
    const lab = await startAwsLab();
    try {
      const topic = lab.sns.createTopic('rds-failover-sync-fallback');
      writeFileSync(join(dir, 'bindings.json'), UNRESOLVED_WEBHOOK);
      Object.assign(process.env, {
        LAMBDA_TASK_ROOT: dir,
        BINDINGS_FILE: 'bindings.json',
        ALERT_SNS_TOPIC_ARN: topic,
        ORDERS_SLACK_URL: 'http://127.0.0.1:9/hooks/never-called',
      });
      // Act: a manual dry run of a binding that is not there: refused by the loop, past the loading
      const error = await awsReconcile(
        { bindings: ['not-there'], dryRun: true },
        { getRemainingTimeInMillis: () => 60_000 },
      ).catch((e: unknown) => e);
      // Assess: the configuration loaded, and nobody was alerted about it
      expect(error).toBeInstanceOf(UnknownBindingError);
      expect(lab.sns.published).toEqual([]);
    } finally {
      await lab.close();
    }
  });
});
