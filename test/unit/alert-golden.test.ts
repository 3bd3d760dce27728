import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { alertMessageOf, createSnsSink, createWebhookSink } from '../../shared/alert';
import type { AlertReport } from '../../shared/alert';
import { parseConfig } from '../../shared/config/load';
import type { Binding } from '../../shared/core/config-types';
import type { PoolReport } from '../../shared/core/report';
import { expectGolden } from '../support/golden';

// The alerts an on-call engineer reads, as each medium gets them, kept as files under
// test/fixtures/alerts/ and compared byte for byte: a change to any rendering shows up as a diff to
// review. `UPDATE_GOLDEN=1 npx jest test/unit/alert-golden.test.ts` rewrites them.

const SLACK_URL = 'https://hooks.slack.com/services/T0001AAAA/B0002BBBB/XXXXsecretXXXXsecretXXXX';
const DINGTALK_URL = 'https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123456789abcdef';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:db-failover';

/** `orders`, alerting to one SNS topic, one Slack and one DingTalk webhook. */
const binding = parseConfig(
  `bindings:
  - name: orders
    endpoint: orders.cluster-abc123xyz.us-east-1.rds.amazonaws.com:5432
    source: { aws: { cluster: orders } }
    pools: [{ aws-elbv2: { targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-pg/0123456789abcdef" } }]
    allowedCidrs: [10.20.0.0/16]
    alert:
      sns: "${TOPIC}"
      webhook: [{ kind: slack, url: "${SLACK_URL}" }, { kind: dingtalk, url: "${DINGTALK_URL}" }]
`,
  'golden.yml',
).bindings[0] as Binding;

const POOL = 'aws-elbv2 targetgroup/orders-pg/0123456789abcdef';
const ENDPOINT = 'orders.cluster-abc123xyz.us-east-1.rds.amazonaws.com:5432';
const RESOLVED = {
  ok: true,
  addresses: ['10.20.2.20'],
  ttlSeconds: 5,
  chain: [ENDPOINT.replace(/:\d+$/, '')],
  server: '10.20.0.2',
} as const;
const OLD_HEALTHY = [{ target: '10.20.1.10:5432', state: 'healthy' }];

const swapPool: PoolReport = {
  pool: POOL,
  outcome: 'swapped',
  before: OLD_HEALTHY,
  after: [
    { target: '10.20.1.10:5432', state: 'draining' },
    { target: '10.20.2.20:5432', state: 'healthy' },
  ],
  actions: [
    { action: 'register', targets: ['10.20.2.20:5432'], atMs: 31_200, durationMs: 180 },
    {
      action: 'wait-healthy',
      targets: ['10.20.2.20:5432'],
      atMs: 31_380,
      durationMs: 24_600,
      result: 'healthy',
    },
    {
      action: 'deregister',
      targets: ['10.20.1.10:5432'],
      atMs: 56_100,
      durationMs: 150,
      result: 'desired-healthy',
    },
  ],
  reason: 'pool now matches what it must hold',
  durationMs: 25_100,
};

const cases: readonly [name: string, report: AlertReport, trigger: string][] = [
  [
    'swap',
    {
      binding: 'orders',
      endpoint: ENDPOINT,
      outcome: 'swapped',
      mode: 'apply',
      resolution: RESOLVED,
      settle: { waitedMs: 31_000, polls: 31, changed: true },
      pools: [swapPool],
      durationMs: 56_300,
    },
    'RDS event via sns: RDS-EVENT-0071 on cluster orders',
  ],
  [
    'drift',
    {
      binding: 'orders',
      endpoint: ENDPOINT,
      outcome: 'drift',
      mode: 'report-only',
      resolution: RESOLVED,
      // A report-only binding works on a copy of the pool: the engine's "swap" of it never happened.
      pools: [
        {
          ...swapPool,
          after: [{ target: '10.20.2.20:5432', state: 'healthy (simulated)' }],
          actions: swapPool.actions.map((a) => ({ ...a, atMs: 0, durationMs: 0 })),
          durationMs: 0,
        },
      ],
      durationMs: 240,
    },
    'schedule',
  ],
  [
    'refusal',
    {
      binding: 'orders',
      endpoint: ENDPOINT,
      outcome: 'refused',
      mode: 'apply',
      resolution: { ...RESOLVED, addresses: ['203.0.113.50'] },
      pools: [
        {
          pool: POOL,
          outcome: 'refused',
          before: OLD_HEALTHY,
          after: OLD_HEALTHY,
          actions: [],
          reason: 'refused: outside-allowed-cidrs: 203.0.113.50 is outside 10.20.0.0/16',
          refusal: { reason: 'outside-allowed-cidrs', detail: '203.0.113.50 is outside 10.20.0.0/16' },
          durationMs: 40,
        },
      ],
      durationMs: 310,
    },
    'RDS event via eventbridge: RDS-EVENT-0071 on cluster orders',
  ],
  [
    'failure',
    {
      binding: 'orders',
      endpoint: ENDPOINT,
      outcome: 'failed',
      mode: 'apply',
      resolution: RESOLVED,
      pools: [
        {
          pool: POOL,
          outcome: 'failed',
          before: OLD_HEALTHY,
          after: OLD_HEALTHY,
          actions: [],
          reason:
            'register on aws-elbv2 targetgroup/orders-pg/0123456789abcdef failed: AccessDenied: User is not authorized to perform: elasticloadbalancing:RegisterTargets',
          error: {
            step: 'register',
            code: 'AccessDenied',
            message:
              'register on aws-elbv2 targetgroup/orders-pg/0123456789abcdef failed: AccessDenied: User is not authorized to perform: elasticloadbalancing:RegisterTargets',
          },
          durationMs: 420,
        },
      ],
      durationMs: 650,
    },
    'schedule',
  ],
];

describe('alerts as a person reads them (golden files)', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => sns.reset());

  it.each(cases)('%s: the SNS e-mail (subject and body)', async (name, report, trigger) => {
    // Prepare
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    // Act
    await createSnsSink(() => new SNSClient({ region: 'us-east-1' }))(
      alertMessageOf(report, trigger),
      binding,
    );
    // Assess
    const [call] = sns.commandCalls(PublishCommand);
    const { Subject, Message } = call?.args[0].input ?? {};
    expect(Subject?.length).toBeLessThan(100);
    expectGolden(`alerts/${name}.sns.txt`, `Subject: ${Subject}\n\n${Message}`);
  });

  it.each(cases)('%s: the Slack and DingTalk webhook bodies', async (name, report, trigger) => {
    // Prepare
    const bodies = new Map<string, unknown>();
    const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      bodies.set(String(input), JSON.parse(String(init?.body)) as unknown);
      return new Response(String(input).includes('dingtalk') ? '{"errcode":0,"errmsg":"ok"}' : 'ok');
    }) as typeof globalThis.fetch;
    // Act
    const deliveries = await createWebhookSink({ fetch })(alertMessageOf(report, trigger), binding);
    // Assess
    expect(deliveries.map((d) => d.ok)).toEqual([true, true]);
    expectGolden(`alerts/${name}.slack.json`, `${JSON.stringify(bodies.get(SLACK_URL), null, 2)}\n`);
    expectGolden(`alerts/${name}.dingtalk.json`, `${JSON.stringify(bodies.get(DINGTALK_URL), null, 2)}\n`);
  });
});
