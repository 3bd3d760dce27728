import { CountMetric, TimingMetric } from '../core/metrics';
import type { BindingFigures } from '../core/metrics';
import type { LogFields } from './logger';

/** The CloudWatch namespace of the functions' own metrics; the alarms and the dashboard name it too. */
export const METRICS_NAMESPACE = 'RdsFailoverSync';

/** The `Service` dimension when the platform names no stack (a function run by hand, FC 3.0). */
export const DEFAULT_METRICS_SERVICE = 'rds-failover-sync';

/**
 * The dimension sets of every figure: per binding, per function (the alarms on the schedule's drift),
 * and per stack (the alarms on refusals and failures, whichever function saw them). `Service` is in
 * each set so that two stages with the same bindings never share a metric.
 */
export const METRIC_DIMENSIONS = [['Service', 'Binding'], ['Service', 'Function'], ['Service']] as const;

/** Where figures are written, and under which names. */
export interface MetricsTarget {
  /**
   * `emf`: CloudWatch's embedded metric format (Lambda). `json`: the same members without the `_aws`
   * directive (Function Compute, where Simple Log Service indexes the line's keys and has no EMF).
   */
  readonly format: 'emf' | 'json';
  /** The stack: `rds-failover-sync-<stage>` on AWS, the FC service on Alibaba Cloud. */
  readonly service: string;
  readonly function: string;
}

const UNIT: Readonly<Record<CountMetric | TimingMetric, 'Count' | 'Milliseconds'>> = {
  Swaps: 'Count',
  Drift: 'Count',
  Refusals: 'Count',
  Failures: 'Count',
  Busy: 'Count',
  TimeToConsistentMs: 'Milliseconds',
  DnsLagMs: 'Milliseconds',
};

/**
 * The fields of one binding's `metrics` line. With `emf`, a document of the embedded metric format
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
 * the root holds every dimension and metric it names as a member (dimension values strings, metric
 * values numbers), `_aws.Timestamp` in epoch milliseconds, one directive with the namespace, at most 30
 * dimensions per set and 100 metrics; any other member (time, level, request id) is allowed and kept as
 * a searchable log field. A timing this run did not measure is left out of both the members and the
 * directive, which may not name a missing member.
 *
 * Hand-written rather than Powertools' `Metrics` and `Logger` (2.36.0): the format is this one object.
 * Bundled with the project's options (bin/bundling/options.ts), that pair weighs 35 KiB minified and took
 * 27 ms to load (55 ms with a Logger and a Metrics constructed; medians of 11 on the shared 2-core machine),
 * where this file, the figures and the logger's levels and context added 2.9 KiB to each function and no
 * load time that rose above the machine's noise. A cold start happens on the first event after a quiet
 * spell: when a failover arrives.
 */
export function metricRecord(figures: BindingFigures, target: MetricsTarget, timestampMs: number): LogFields {
  const values: Record<string, number> = { ...figures.counts };
  for (const name of Object.values(TimingMetric)) {
    const value = figures.timings[name];
    if (value !== undefined) values[name] = Math.round(value);
  }
  const members = {
    Service: target.service,
    Function: target.function,
    Binding: figures.binding,
    ...values,
  };
  if (target.format === 'json') return members;
  return {
    ...members,
    _aws: {
      Timestamp: timestampMs,
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: METRIC_DIMENSIONS.map((set) => [...set]),
          Metrics: Object.keys(values).map((name) => ({
            Name: name,
            Unit: UNIT[name as CountMetric | TimingMetric],
          })),
        },
      ],
    },
  };
}
