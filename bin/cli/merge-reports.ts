import { worstOutcome } from '../../shared/core/report';
import type { BindingReport, Report } from '../../shared/core/report';
import type { Outcome } from '../../shared/core/types';

/**
 * One report from the reports of one run per cloud: the CLI reconciles AWS and Alibaba pools with two
 * runtimes, each of which sets aside the bindings of the other cloud as `skipped`. A binding reconciled
 * by either is not skipped; a binding with pools on both clouds becomes one binding with all its pools.
 */
export function mergeReports(reports: readonly Report[]): Report {
  const [first] = reports;
  if (first === undefined) throw new RangeError('mergeReports: no report');
  const byName = new Map<string, BindingReport>();
  for (const binding of reports.flatMap((r) => r.bindings)) {
    const seen = byName.get(binding.binding);
    byName.set(binding.binding, seen ? mergeBinding(seen, binding) : binding);
  }
  const bindings = [...byName.values()];
  const skipped = reports.flatMap((r) => r.skipped ?? []).filter((s) => !byName.has(s.binding));
  const unique = [...new Map(skipped.map((s) => [s.binding, s])).values()];
  const outcomes: Partial<Record<Outcome, number>> = {};
  for (const b of bindings) outcomes[b.outcome] = (outcomes[b.outcome] ?? 0) + 1;
  const note = reports.find((r) => r.note)?.note;
  return {
    trigger: first.trigger,
    startedAt: reports.map((r) => r.startedAt).sort()[0] ?? first.startedAt,
    durationMs: Math.max(...reports.map((r) => r.durationMs)),
    dryRun: first.dryRun,
    outcomes,
    bindings,
    ...(unique.length > 0 ? { skipped: unique } : {}),
    ...(note && bindings.length === 0 ? { note } : {}),
  };
}

function mergeBinding(a: BindingReport, b: BindingReport): BindingReport {
  return {
    ...a,
    outcome: worstOutcome([a.outcome, b.outcome]),
    pools: [...a.pools, ...b.pools],
    alerts: { sent: [...a.alerts.sent, ...b.alerts.sent], failed: [...a.alerts.failed, ...b.alerts.failed] },
    durationMs: Math.max(a.durationMs, b.durationMs),
  };
}
