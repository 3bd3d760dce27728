import type { BindingReport, PoolReport } from './report';
import type { Report } from './report';
import { Outcome } from './types';

/**
 * The figures an invocation publishes per binding, by the names CloudWatch and Simple Log Service show.
 * The counts are the outcome words of the report, counted per pool, so a dashboard and a report never
 * disagree on what happened.
 */
export const CountMetric = {
  Swaps: 'Swaps',
  Drift: 'Drift',
  Refusals: 'Refusals',
  Failures: 'Failures',
  Busy: 'Busy',
} as const;
export type CountMetric = (typeof CountMetric)[keyof typeof CountMetric];

export const TimingMetric = {
  /** From the start of the binding's run to the end of the last action on a swapped pool. */
  TimeToConsistentMs: 'TimeToConsistentMs',
  /** How long DNS took to move after a failover event, when the run saw it move. */
  DnsLagMs: 'DnsLagMs',
} as const;
export type TimingMetric = (typeof TimingMetric)[keyof typeof TimingMetric];

/** One binding's figures for one invocation. */
export interface BindingFigures {
  readonly binding: string;
  readonly counts: Readonly<Record<CountMetric, number>>;
  /** Only the timings this run measured: a run that swapped nothing has no time to consistency. */
  readonly timings: Readonly<Partial<Record<TimingMetric, number>>>;
}

const COUNTED: Readonly<Partial<Record<Outcome, CountMetric>>> = {
  [Outcome.Swapped]: CountMetric.Swaps,
  [Outcome.Drift]: CountMetric.Drift,
  [Outcome.Refused]: CountMetric.Refusals,
  [Outcome.Failed]: CountMetric.Failures,
  [Outcome.Busy]: CountMetric.Busy,
};

/**
 * The figures of every binding the report holds, except dry runs: a person looking changes nothing, and
 * that includes the alarms (a dry run of a drifted pool would otherwise count as drift). Zero counts are
 * kept: an alarm and a graph need the zeros to tell "fine" from "not running".
 */
export function figuresOf(report: Report): BindingFigures[] {
  return report.bindings.filter((b) => b.mode !== 'dry-run').map(bindingFigures);
}

function bindingFigures(binding: BindingReport): BindingFigures {
  const counts: Record<CountMetric, number> = { Swaps: 0, Drift: 0, Refusals: 0, Failures: 0, Busy: 0 };
  for (const pool of binding.pools) {
    const metric = COUNTED[pool.outcome];
    if (metric) counts[metric] += 1;
  }
  const consistentAt = binding.pools.filter((p) => p.outcome === Outcome.Swapped).map(lastActionEndMs);
  const timings: Partial<Record<TimingMetric, number>> = {};
  if (consistentAt.length > 0) timings.TimeToConsistentMs = Math.max(...consistentAt);
  if (binding.settle?.changed) timings.DnsLagMs = binding.settle.waitedMs;
  return { binding: binding.binding, counts, timings };
}

/** When the pool's last action ended, since its binding's run started; its own duration if it has none. */
function lastActionEndMs(pool: PoolReport): number {
  if (pool.actions.length === 0) return pool.durationMs;
  return Math.max(...pool.actions.map((a) => a.atMs + a.durationMs));
}
