import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createSnsSink, formatAlert } from '../../shared/alert';
import type { BindingReport, PoolReport } from '../../shared/core/report';
import type { Binding } from '../../shared/core/binding';
import { ordersConfig } from '../support/fake-runtime';

const swapped: BindingReport = {
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
  alerts: { sent: [], failed: [] },
  durationMs: 21400,
};

describe('formatAlert', () => {
  it('puts a readable subject and summary first, then the JSON details', () => {
    // Act
    const { subject, body } = formatAlert(swapped, 'RDS event via sns: RDS-EVENT-0071 on cluster orders');
    // Assess
    expect(subject).toBe('rds-failover-sync: orders swapped to 10.0.1.20 (was 10.0.1.10)');
    const [summary, details] = body.split('\n\n--- details (JSON) ---\n');
    expect(summary).toBe(
      [
        'orders: swapped.',
        'Endpoint orders.cluster-abc.us-east-1.rds.amazonaws.com:5432 resolved to 10.0.1.20 (TTL 5 s, via 10.0.0.2).',
        'Pool aws-elbv2 targetgroup/orders/0123456789abcdef: swapped, pool now matches the endpoint.',
        '  before: 10.0.1.10:5432 (healthy)',
        '  after:  10.0.1.20:5432 (healthy), 10.0.1.10:5432 (draining)',
        '  register 10.0.1.20:5432 at +1.2 s, took 0.0 s',
        '  wait-healthy 10.0.1.20:5432 at +1.2 s, took 20.0 s (healthy)',
        '  deregister 10.0.1.10:5432 at +21.2 s, took 0.0 s (desired-healthy)',
        'Trigger: RDS event via sns: RDS-EVENT-0071 on cluster orders.',
      ].join('\n'),
    );
    expect(JSON.parse(details ?? '')).toEqual(swapped);
  });

  it('keeps the subject within the 100 printable ASCII characters SNS accepts', () => {
    const refused: BindingReport = {
      ...swapped,
      binding: 'a-binding-with-a-rather-long-name-that-goes-on-and-on-and-on',
      outcome: 'failed',
      pools: [
        {
          ...(swapped.pools[0] as PoolReport),
          outcome: 'failed',
          reason: 'héalth — deadline passed\nand more text follows here',
        },
      ],
    };
    const { subject } = formatAlert(refused, 'schedule');
    expect(subject).toHaveLength(100);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    expect(subject.endsWith('...')).toBe(true);
  });
});

describe('SNS sink', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => sns.reset());
  const binding = ordersConfig().bindings[0] as Binding;

  it('publishes to every topic of the binding', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const deliveries = await createSnsSink(() => new SNSClient({ region: 'us-east-1' }))(
      { subject: 's', body: 'b' },
      binding,
    );
    expect(deliveries).toEqual([{ target: 'arn:aws:sns:us-east-1:123456789012:db-failover', ok: true }]);
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toEqual({
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:db-failover',
      Subject: 's',
      Message: 'b',
    });
  });

  it('reports a failed publish instead of throwing', async () => {
    sns
      .on(PublishCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const deliveries = await createSnsSink(() => new SNSClient({ region: 'us-east-1' }))(
      { subject: 's', body: 'b' },
      binding,
    );
    expect(deliveries).toEqual([
      {
        target: 'arn:aws:sns:us-east-1:123456789012:db-failover',
        ok: false,
        error: 'ThrottlingException: Rate exceeded',
      },
    ]);
  });
});
