import fc from 'fast-check';
import { ExitCode, exitCodeOf } from '../../bin/cli/exit-codes';
import { mergeReports } from '../../bin/cli/merge-reports';
import type { BindingReport, Report } from '../../shared/core/report';
import { Outcome } from '../../shared/core/types';

function binding(
  name: string,
  outcome: Outcome,
  pool = `pool-of-${name}`,
  alertFailed = false,
): BindingReport {
  return {
    binding: name,
    endpoint: `${name}.example:5432`,
    outcome,
    mode: 'apply',
    resolution: { ok: true, addresses: ['10.0.0.1'], ttlSeconds: 5, chain: [], server: '10.0.0.2' },
    pools: [{ pool, outcome, before: [], after: [], actions: [], reason: outcome, durationMs: 1 }],
    alerts: { sent: [], failed: alertFailed ? ['topic'] : [] },
    durationMs: 1,
  };
}

function report(
  bindings: BindingReport[],
  skipped?: Report['skipped'],
  startedAt = '2026-11-29T10:00:00.000Z',
): Report {
  const outcomes: Report['outcomes'] = {};
  for (const b of bindings) outcomes[b.outcome] = (outcomes[b.outcome] ?? 0) + 1;
  return {
    trigger: 'manual',
    startedAt,
    durationMs: 10 * bindings.length,
    dryRun: true,
    outcomes,
    bindings,
    ...(skipped ? { skipped } : {}),
  };
}

describe('mergeReports: one report from the run on each cloud', () => {
  it('keeps every binding once; a binding skipped by one cloud and run by the other is not skipped', () => {
    // Prepare
    const aws = report(
      [binding('orders', Outcome.Drift)],
      [{ binding: 'billing', reason: 'its pools live on alicloud, not aws' }],
    );
    const ali = report(
      [binding('billing', Outcome.InSync)],
      [{ binding: 'orders', reason: 'its pools live on aws, not alicloud' }],
      '2026-11-29T09:59:59.000Z',
    );
    // Act
    const merged = mergeReports([aws, ali]);
    // Assess
    expect(merged).toEqual({
      trigger: 'manual',
      startedAt: '2026-11-29T09:59:59.000Z',
      durationMs: 10,
      dryRun: true,
      outcomes: { drift: 1, 'in-sync': 1 },
      bindings: [binding('orders', Outcome.Drift), binding('billing', Outcome.InSync)],
    });
  });

  it('makes one binding of a binding with pools on both clouds, its outcome the worse', () => {
    const merged = mergeReports([
      report([binding('both', Outcome.InSync, 'aws-elbv2 tg')]),
      report([binding('both', Outcome.Refused, 'alicloud-nlb sgp')]),
    ]);
    expect(merged.bindings).toHaveLength(1);
    expect(merged.bindings[0]?.outcome).toBe('refused');
    expect(merged.bindings[0]?.pools.map((p) => p.pool)).toEqual(['aws-elbv2 tg', 'alicloud-nlb sgp']);
    expect(merged.outcomes).toEqual({ refused: 1 });
  });
});

describe('exitCodeOf', () => {
  it.each<[string, BindingReport[], ExitCode]>([
    ['nothing selected', [], ExitCode.InSync],
    ['in sync', [binding('a', Outcome.InSync)], ExitCode.InSync],
    ['swapped (after apply)', [binding('a', Outcome.Swapped)], ExitCode.InSync],
    ['drift', [binding('a', Outcome.InSync), binding('b', Outcome.Drift)], ExitCode.Attention],
    ['refused', [binding('a', Outcome.Refused)], ExitCode.Attention],
    ['busy', [binding('a', Outcome.Busy)], ExitCode.Attention],
    ['failed', [binding('a', Outcome.Drift), binding('b', Outcome.Failed)], ExitCode.Failure],
    ['an alert not delivered', [binding('a', Outcome.Swapped, 'p', true)], ExitCode.Failure],
  ])('%s', (_what, bindings, code) => {
    expect(exitCodeOf(report(bindings))).toBe(code);
  });

  it('of the merged report is the worse of the two clouds (any outcomes, distinct bindings)', () => {
    const outcomes = fc.array(fc.constantFrom(...Object.values(Outcome)), { maxLength: 4 });
    fc.assert(
      fc.property(outcomes, outcomes, (left, right) => {
        const a = report(left.map((o, i) => binding(`aws-${i}`, o)));
        const b = report(right.map((o, i) => binding(`ali-${i}`, o)));
        expect(exitCodeOf(mergeReports([a, b]))).toBe(Math.max(exitCodeOf(a), exitCodeOf(b)));
      }),
    );
  });
});
