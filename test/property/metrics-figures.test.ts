import fc from 'fast-check';
import { figuresOf } from '../../shared/core/metrics';
import type { BindingReport, PoolReport, Report } from '../../shared/core/report';
import { Outcome } from '../../shared/core/types';

const outcomes = Object.values(Outcome);

const poolArb = fc.record({
  outcome: fc.constantFrom(...outcomes),
  actions: fc.array(
    fc.record({
      action: fc.constantFrom('register' as const, 'wait-healthy' as const, 'deregister' as const),
      targets: fc.constant(['10.0.0.1:5432']),
      atMs: fc.nat(600_000),
      durationMs: fc.nat(300_000),
    }),
    { maxLength: 4 },
  ),
  durationMs: fc.nat(900_000),
});

const bindingArb = fc.record({
  mode: fc.constantFrom('apply' as const, 'report-only' as const, 'dry-run' as const),
  pools: fc.array(poolArb, { minLength: 1, maxLength: 4 }),
  settle: fc.option(fc.record({ waitedMs: fc.nat(300_000), polls: fc.nat(300), changed: fc.boolean() }), {
    nil: undefined,
  }),
});

type ArbBinding = typeof bindingArb extends fc.Arbitrary<infer T> ? T : never;

const reportOf = (bindings: ArbBinding[]): Report => ({
  trigger: 't',
  startedAt: '2026-11-29T00:00:00.000Z',
  durationMs: 0,
  dryRun: false,
  outcomes: {},
  bindings: bindings.map((b, i): BindingReport => ({
    binding: `b${i}`,
    endpoint: 'e:1',
    outcome: 'in-sync',
    mode: b.mode,
    resolution: { ok: false, failure: 'timeout', detail: 'd' },
    ...(b.settle ? { settle: b.settle } : {}),
    pools: b.pools.map((p, j): PoolReport => ({ ...p, pool: `p${j}`, before: [], after: [], reason: 'r' })),
    alerts: { sent: [], failed: [] },
    durationMs: 0,
  })),
});

describe('figuresOf, for any report', () => {
  it('counts every non-in-sync pool of every published binding exactly once, dry runs never', () => {
    fc.assert(
      fc.property(fc.array(bindingArb, { maxLength: 5 }), (bindings) => {
        const figures = figuresOf(reportOf(bindings));
        const published = bindings.filter((b) => b.mode !== 'dry-run');
        expect(figures.map((f) => f.binding)).toEqual(
          bindings.flatMap((b, i) => (b.mode === 'dry-run' ? [] : [`b${i}`])),
        );
        figures.forEach((f, i) => {
          const pools = published[i]?.pools ?? [];
          const counted = Object.values(f.counts).reduce((a, b) => a + b, 0);
          expect(counted).toBe(pools.filter((p) => p.outcome !== 'in-sync').length);
          expect(f.counts.Swaps).toBe(pools.filter((p) => p.outcome === 'swapped').length);
          // A time to consistency exactly when something was swapped, and never negative.
          expect(f.timings.TimeToConsistentMs !== undefined).toBe(f.counts.Swaps > 0);
          expect(f.timings.TimeToConsistentMs ?? 0).toBeGreaterThanOrEqual(0);
          expect(f.timings.DnsLagMs).toBe(
            published[i]?.settle?.changed ? published[i]?.settle?.waitedMs : undefined,
          );
        });
      }),
    );
  });
});
