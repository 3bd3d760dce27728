import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../../shared/log/logger';
import type { LogRecord } from '../../shared/log/logger';
import { handleAwsInvocation } from '../../shared/platform/aws-handler';
import { ReconcileFailedError } from '../../shared/platform/failed-error';
import { fakeRuntime, resolvedTo } from '../support/fake-runtime';

const sample = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'events', name), 'utf8')) as unknown;

const context = {
  getRemainingTimeInMillis: () => 600_000,
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  functionName: 'rds-failover-sync-prod-rdsEvent',
};
const env = { METRICS_SERVICE: 'rds-failover-sync-prod' };

describe('a Lambda invocation, as on-call reads it', () => {
  it('puts the request id and the SNS message id on every line, and ends with one EMF line per binding', async () => {
    // Prepare: DNS has moved by the first look; the new backend is healthy after 3 s.
    const world = fakeRuntime({ answer: () => resolvedTo('10.0.1.20'), healthyAfterMs: 3000 });
    world.pool.seed('10.0.1.10');
    // Act
    await handleAwsInvocation(
      sample('aws-sns-cluster-failover.json'),
      context,
      world.deps,
      ['rds-event'],
      env,
    );
    // Assess
    const ids = new Set(world.logs.map((r) => `${String(r.requestId)} ${String(r.eventId)}`));
    const messageId = (
      sample('aws-sns-cluster-failover.json') as { Records: { Sns: { MessageId: string } }[] }
    ).Records[0]?.Sns.MessageId;
    expect([...ids]).toEqual([`c6af9ac6-7b61-11e6-9a41-93e812345678 ${messageId}`]);
    const metrics = world.logs.filter((r) => r.message === 'metrics');
    expect(metrics).toHaveLength(1);
    expect(metrics[0]).toMatchObject({
      Service: 'rds-failover-sync-prod',
      Function: 'rds-failover-sync-prod-rdsEvent',
      Binding: 'orders',
      Swaps: 1,
      Drift: 0,
      Refusals: 0,
      Failures: 0,
      Busy: 0,
      DnsLagMs: 0,
      _aws: {
        Timestamp: world.clock.now(),
        CloudWatchMetrics: [
          expect.objectContaining({
            Namespace: 'RdsFailoverSync',
            Dimensions: [['Service', 'Binding'], ['Service', 'Function'], ['Service']],
          }),
        ],
      },
    });
    // Registered at 0 and healthy at 3 s, which the health polls see at 5 s; deregistered at once then.
    expect(metrics[0]?.TimeToConsistentMs).toBe(5000);
  });

  it('counts a refusal in the metrics before it throws', async () => {
    // Prepare
    const world = fakeRuntime({ answer: () => ({ ok: false, failure: 'nxdomain', detail: 'gone' }) });
    world.pool.seed('10.0.1.10');
    // Act
    const error = await handleAwsInvocation(
      sample('aws-schedule.json'),
      context,
      world.deps,
      ['schedule'],
      env,
    ).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(ReconcileFailedError);
    expect(
      world.logs.filter((r) => r.message === 'metrics').map((r) => [r.Binding, r.Refusals, r.Failures]),
    ).toEqual([['orders', 1, 0]]);
  });

  it('writes no metrics for a manual dry run', async () => {
    // Prepare
    const world = fakeRuntime({ answer: () => resolvedTo('10.0.1.20') });
    world.pool.seed('10.0.1.10');
    // Act
    await handleAwsInvocation({ bindings: ['orders'], dryRun: true }, context, world.deps, ['manual'], env);
    // Assess
    expect(world.logs.filter((r) => r.message === 'metrics')).toEqual([]);
    expect(world.logs.every((r) => r.requestId === context.awsRequestId && r.eventId === undefined)).toBe(
      true,
    );
  });

  it('logs the parsed trigger at debug only', async () => {
    // Prepare
    const world = fakeRuntime({ answer: () => resolvedTo('10.0.1.10') });
    world.pool.seed('10.0.1.10');
    const records: LogRecord[] = [];
    const log = createLogger({ level: 'debug', write: () => undefined, observe: (r) => records.push(r) });
    // Act
    await handleAwsInvocation(
      sample('aws-schedule.json'),
      context,
      { ...world.deps, log },
      ['schedule'],
      env,
    );
    await handleAwsInvocation(sample('aws-schedule.json'), context, world.deps, ['schedule'], env);
    // Assess
    expect(records.filter((r) => r.level === 'debug').map((r) => [r.message, r.trigger])).toEqual([
      ['trigger parsed', { kind: 'schedule', time: '2026-11-06T23:09:00Z' }],
    ]);
    expect(world.logs.filter((r) => r.level === 'debug')).toEqual([]);
  });
});
