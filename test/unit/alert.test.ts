import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { alertMessageOf, createSnsSink, summarize, summaryText } from '../../shared/alert';
import type { AlertMessage, AlertReport } from '../../shared/alert';
import type { PoolReport } from '../../shared/core/report';
import type { Binding } from '../../shared/core/config-types';
import { ordersConfig } from '../support/fake-runtime';

const swapped: AlertReport = {
  binding: 'orders',
  endpoint: 'orders.cluster-abc.us-east-1.rds.amazonaws.com:5432',
  outcome: 'swapped',
  mode: 'apply',
  resolution: {
    ok: true,
    addresses: ['10.0.1.20'],
    ttlSeconds: 5,
    chain: ['orders.cluster-abc'],
    server: '10.0.0.2',
  },
  pools: [
    {
      pool: 'aws-elbv2 targetgroup/orders/0123456789abcdef',
      outcome: 'swapped',
      before: [{ target: '10.0.1.10:5432', state: 'healthy' }],
      after: [
        { target: '10.0.1.20:5432', state: 'healthy' },
        { target: '10.0.1.10:5432', state: 'draining' },
      ],
      actions: [
        { action: 'register', targets: ['10.0.1.20:5432'], atMs: 1200, durationMs: 40 },
        {
          action: 'wait-healthy',
          targets: ['10.0.1.20:5432'],
          atMs: 1240,
          durationMs: 20000,
          result: 'healthy',
        },
        {
          action: 'deregister',
          targets: ['10.0.1.10:5432'],
          atMs: 21240,
          durationMs: 35,
          result: 'desired-healthy',
        },
      ],
      reason: 'pool now matches the endpoint',
      durationMs: 21300,
    },
  ],
  durationMs: 21400,
};

const pool = swapped.pools[0] as PoolReport;

describe('alertMessageOf', () => {
  it('decides a readable subject and a summary, and carries the report and trigger as they are', () => {
    // Act
    const message = alertMessageOf(swapped, 'RDS event via sns: RDS-EVENT-0071 on cluster orders');
    // Assess
    expect(message).toEqual({
      subject: 'rds-failover-sync: orders swapped to 10.0.1.20 (was 10.0.1.10)',
      summary: [
        { text: 'orders: swapped in 21.4 s.' },
        {
          text: 'Endpoint orders.cluster-abc.us-east-1.rds.amazonaws.com:5432 resolved to 10.0.1.20 (TTL 5 s, via 10.0.0.2).',
        },
        {
          text: 'Pool aws-elbv2 targetgroup/orders/0123456789abcdef: swapped, pool now matches the endpoint.',
          details: [
            'before: 10.0.1.10:5432 (healthy)',
            'after:  10.0.1.20:5432 (healthy), 10.0.1.10:5432 (draining)',
            'register 10.0.1.20:5432 at +1.2 s, took 0.0 s',
            'wait-healthy 10.0.1.20:5432 at +1.2 s, took 20.0 s (healthy)',
            'deregister 10.0.1.10:5432 at +21.2 s, took 0.0 s (desired-healthy)',
          ],
        },
        { text: 'Trigger: RDS event via sns: RDS-EVENT-0071 on cluster orders.' },
      ],
      report: swapped,
      trigger: 'RDS event via sns: RDS-EVENT-0071 on cluster orders',
    });
  });

  it.each<[string, AlertReport, string]>([
    [
      'drift in a report-only binding',
      {
        ...swapped,
        outcome: 'drift',
        mode: 'report-only',
        pools: [{ ...pool, outcome: 'drift', after: pool.before, actions: [] }],
      },
      'rds-failover-sync: orders DRIFT: pool on 10.0.1.10, endpoint at 10.0.1.20',
    ],
    [
      'a refusal',
      {
        ...swapped,
        outcome: 'refused',
        resolution: { ok: false, failure: 'nxdomain', detail: 'orders.cluster-abc does not exist' },
        pools: [
          {
            ...pool,
            outcome: 'refused',
            after: pool.before,
            actions: [],
            refusal: { reason: 'resolution-failed', detail: 'nxdomain: orders.cluster-abc does not exist' },
          },
        ],
      },
      'rds-failover-sync: orders REFUSED: resolution-failed',
    ],
    [
      'a failure',
      {
        ...swapped,
        outcome: 'failed',
        pools: [{ ...pool, outcome: 'failed', reason: 'register: AccessDenied' }],
      },
      'rds-failover-sync: orders FAILED: register: AccessDenied',
    ],
  ])('names what happened in the subject: %s', (_what, report, subject) => {
    expect(alertMessageOf(report, 'schedule').subject).toBe(subject);
  });

  it('keeps the subject under the 100 printable ASCII characters SNS accepts (99 at most)', () => {
    const failed: AlertReport = {
      ...swapped,
      binding: 'a-binding-with-a-rather-long-name-that-goes-on-and-on-and-on',
      outcome: 'failed',
      pools: [{ ...pool, outcome: 'failed', reason: 'héalth — deadline passed\nand more text follows here' }],
    };
    expect(alertMessageOf(failed, 'schedule').subject).toBe(
      'rds-failover-sync: a-binding-with-a-rather-long-name-that-goes-on-and-on-and-on FAILED: h?alth ?...',
    );
    expect(alertMessageOf(failed, 'schedule').subject).toHaveLength(99);
  });
});

describe('summaryText', () => {
  it('writes one line each, the lines under a line indented by two spaces', () => {
    expect(
      summaryText([
        { text: 'orders: swapped.' },
        { text: 'Pool p: swapped.', details: ['before: a', 'after:  b'] },
      ]),
    ).toBe('orders: swapped.\nPool p: swapped.\n  before: a\n  after:  b');
  });

  it('is what summarize gives the CLI for a report', () => {
    expect(summarize(swapped, 'manual')).toBe(
      [
        'orders: swapped in 21.4 s.',
        'Endpoint orders.cluster-abc.us-east-1.rds.amazonaws.com:5432 resolved to 10.0.1.20 (TTL 5 s, via 10.0.0.2).',
        'Pool aws-elbv2 targetgroup/orders/0123456789abcdef: swapped, pool now matches the endpoint.',
        '  before: 10.0.1.10:5432 (healthy)',
        '  after:  10.0.1.20:5432 (healthy), 10.0.1.10:5432 (draining)',
        '  register 10.0.1.20:5432 at +1.2 s, took 0.0 s',
        '  wait-healthy 10.0.1.20:5432 at +1.2 s, took 20.0 s (healthy)',
        '  deregister 10.0.1.10:5432 at +21.2 s, took 0.0 s (desired-healthy)',
        'Trigger: manual.',
      ].join('\n'),
    );
  });
});

/** A small alert, so that the whole SNS body can be written out. */
const drift: AlertMessage = {
  subject: 'rds-failover-sync: orders DRIFT',
  summary: [
    { text: 'orders: drift (report-only).' },
    { text: 'Pool p: drift.', details: ['before: (none)'] },
  ],
  report: {
    binding: 'orders',
    endpoint: 'orders.cluster-abc.us-east-1.rds.amazonaws.com:5432',
    outcome: 'drift',
    mode: 'report-only',
    resolution: { ok: true, addresses: ['10.0.1.20'], ttlSeconds: 5, chain: [], server: '10.0.0.2' },
    pools: [],
    durationMs: 12,
  },
  trigger: 'schedule',
};

describe('SNS sink', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => sns.reset());
  const binding = ordersConfig().bindings[0] as Binding;

  it('publishes the subject, and a body of the summary then the report as indented JSON, to every topic', async () => {
    // Prepare
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    // Act
    const deliveries = await createSnsSink(() => new SNSClient({ region: 'us-east-1' }))(drift, binding);
    // Assess
    expect(deliveries).toEqual([{ target: 'arn:aws:sns:us-east-1:123456789012:db-failover', ok: true }]);
    expect(sns.commandCalls(PublishCommand).map((call) => call.args[0].input)).toEqual([
      {
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:db-failover',
        Subject: 'rds-failover-sync: orders DRIFT',
        Message: `orders: drift (report-only).
Pool p: drift.
  before: (none)

--- details (JSON) ---
{
  "binding": "orders",
  "endpoint": "orders.cluster-abc.us-east-1.rds.amazonaws.com:5432",
  "outcome": "drift",
  "mode": "report-only",
  "resolution": {
    "ok": true,
    "addresses": [
      "10.0.1.20"
    ],
    "ttlSeconds": 5,
    "chain": [],
    "server": "10.0.0.2"
  },
  "pools": [],
  "durationMs": 12
}
`,
      },
    ]);
  });

  it('reports a failed publish instead of throwing', async () => {
    sns
      .on(PublishCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const deliveries = await createSnsSink(() => new SNSClient({ region: 'us-east-1' }))(drift, binding);
    expect(deliveries).toEqual([
      {
        target: 'arn:aws:sns:us-east-1:123456789012:db-failover',
        ok: false,
        error: 'ThrottlingException: Rate exceeded',
      },
    ]);
  });
});
