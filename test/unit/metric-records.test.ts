import fc from 'fast-check';
import { createLogger } from '../../shared/log/logger';
import { metricRecord } from '../../shared/log/metric-records';
import type { BindingFigures } from '../../shared/core/metrics';

const AT = Date.UTC(2026, 10, 29, 3, 0, 0);
const target = { service: 'rds-failover-sync-prod', function: 'rds-failover-sync-prod-rdsEvent' };

/** One line as the handler writes it: the logger with the invocation's ids, then the record. */
const lineOf = (figures: BindingFigures, format: 'emf' | 'json'): string => {
  const lines: string[] = [];
  createLogger({ write: (l) => lines.push(l), now: () => AT, level: 'error' })
    .child({ requestId: 'req-1', eventId: 'evt-1' })
    .metrics(metricRecord(figures, { ...target, format }, AT));
  expect(lines).toHaveLength(1);
  return lines[0] as string;
};

const swapped: BindingFigures = {
  binding: 'orders',
  counts: { Swaps: 1, Drift: 0, Refusals: 0, Failures: 0, Busy: 0 },
  timings: { TimeToConsistentMs: 19_500.4, DnsLagMs: 4200 },
};

describe('metric records', () => {
  it('writes an embedded metric format line on AWS, whatever LOG_LEVEL says', () => {
    // Act
    const line = lineOf(swapped, 'emf');
    // Assess: written out as CloudWatch Logs receives it.
    expect(JSON.parse(line)).toEqual({
      time: '2026-11-29T03:00:00.000Z',
      level: 'info',
      message: 'metrics',
      requestId: 'req-1',
      eventId: 'evt-1',
      Service: 'rds-failover-sync-prod',
      Function: 'rds-failover-sync-prod-rdsEvent',
      Binding: 'orders',
      Swaps: 1,
      Drift: 0,
      Refusals: 0,
      Failures: 0,
      Busy: 0,
      TimeToConsistentMs: 19_500,
      DnsLagMs: 4200,
      _aws: {
        Timestamp: 1_795_921_200_000,
        CloudWatchMetrics: [
          {
            Namespace: 'RdsFailoverSync',
            Dimensions: [['Service', 'Binding'], ['Service', 'Function'], ['Service']],
            Metrics: [
              { Name: 'Swaps', Unit: 'Count' },
              { Name: 'Drift', Unit: 'Count' },
              { Name: 'Refusals', Unit: 'Count' },
              { Name: 'Failures', Unit: 'Count' },
              { Name: 'Busy', Unit: 'Count' },
              { Name: 'TimeToConsistentMs', Unit: 'Milliseconds' },
              { Name: 'DnsLagMs', Unit: 'Milliseconds' },
            ],
          },
        ],
      },
    });
  });

  it('leaves a timing the run did not measure out of the members and the directive', () => {
    // Act
    const record = JSON.parse(
      lineOf(
        { binding: 'billing', counts: { ...swapped.counts, Swaps: 0, Refusals: 1 }, timings: {} },
        'emf',
      ),
    ) as { _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } } & Record<string, unknown>;
    // Assess
    expect(record.TimeToConsistentMs).toBeUndefined();
    expect(record.DnsLagMs).toBeUndefined();
    expect(record._aws.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name)).toEqual([
      'Swaps',
      'Drift',
      'Refusals',
      'Failures',
      'Busy',
    ]);
  });

  it('writes the same members as a plain JSON line on Function Compute, for Simple Log Service', () => {
    // Act
    const line = lineOf(swapped, 'json');
    // Assess
    expect(line).toBe(
      '{"time":"2026-11-29T03:00:00.000Z","level":"info","message":"metrics","requestId":"req-1","eventId":"evt-1",' +
        '"Service":"rds-failover-sync-prod","Function":"rds-failover-sync-prod-rdsEvent","Binding":"orders",' +
        '"Swaps":1,"Drift":0,"Refusals":0,"Failures":0,"Busy":0,"TimeToConsistentMs":19500,"DnsLagMs":4200}',
    );
  });
});

/**
 * The rules of the specification a line must keep for CloudWatch to extract it
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html),
 * checked independently of how `metricRecord` builds it.
 */
function emfProblems(line: string): string[] {
  const problems: string[] = [];
  const root = JSON.parse(line) as Record<string, unknown>;
  if (typeof root !== 'object' || Array.isArray(root)) return ['root is not an object'];
  const aws = root._aws as { Timestamp?: unknown; CloudWatchMetrics?: unknown } | undefined;
  if (!aws || !Number.isInteger(aws.Timestamp)) problems.push('_aws.Timestamp is not an integer');
  if (!Array.isArray(aws?.CloudWatchMetrics)) return [...problems, '_aws.CloudWatchMetrics is not an array'];
  for (const directive of aws.CloudWatchMetrics as Record<string, unknown>[]) {
    const { Namespace, Dimensions, Metrics } = directive;
    if (typeof Namespace !== 'string' || Namespace.length < 1 || Namespace.length > 1024)
      problems.push('bad Namespace');
    if (!Array.isArray(Dimensions)) problems.push('Dimensions is not an array');
    for (const set of (Dimensions ?? []) as unknown[]) {
      if (!Array.isArray(set) || set.length > 30) problems.push('a dimension set has more than 30');
      for (const name of set as unknown[]) {
        const value = root[name as string];
        if (typeof value !== 'string' || value.length < 1 || value.length > 1024)
          problems.push(`dimension ${String(name)} is not a string member`);
      }
    }
    if (!Array.isArray(Metrics) || Metrics.length > 100) problems.push('Metrics is not an array of <= 100');
    for (const metric of (Metrics ?? []) as { Name?: unknown; Unit?: unknown }[]) {
      const value = root[metric.Name as string];
      if (typeof value !== 'number' || !Number.isFinite(value))
        problems.push(`metric ${String(metric.Name)} has no numeric member`);
      if (!['Count', 'Milliseconds'].includes(metric.Unit as string)) problems.push('unexpected unit');
    }
  }
  return problems;
}

describe('metric records, for any figures', () => {
  it('are valid embedded metric format documents', () => {
    const count = fc.nat(50);
    const timing = fc.option(fc.double({ min: 0, max: 900_000, noNaN: true }), { nil: undefined });
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9-]{0,62}$/),
        fc.tuple(count, count, count, count, count),
        timing,
        timing,
        (binding, [Swaps, Drift, Refusals, Failures, Busy], ttc, lag) => {
          const figures: BindingFigures = {
            binding,
            counts: { Swaps, Drift, Refusals, Failures, Busy },
            timings: {
              ...(ttc !== undefined ? { TimeToConsistentMs: ttc } : {}),
              ...(lag !== undefined ? { DnsLagMs: lag } : {}),
            },
          };
          expect(emfProblems(lineOf(figures, 'emf'))).toEqual([]);
        },
      ),
    );
  });
});
