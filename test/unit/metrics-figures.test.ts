import { figuresOf } from '../../shared/core/metrics';
import type { BindingReport, PoolReport, Report } from '../../shared/core/report';

const pool = (outcome: PoolReport['outcome'], actions: PoolReport['actions'] = []): PoolReport => ({
  pool: `tg-${outcome}`,
  outcome,
  before: [],
  after: [],
  actions,
  reason: 'r',
  durationMs: 900,
});

const binding = (name: string, pools: PoolReport[], extra: Partial<BindingReport> = {}): BindingReport => ({
  binding: name,
  endpoint: `${name}.example:5432`,
  outcome: 'in-sync',
  mode: 'apply',
  resolution: { ok: true, addresses: ['10.0.1.20'], ttlSeconds: 5, chain: [], server: '10.0.0.2' },
  pools,
  alerts: { sent: [], failed: [] },
  durationMs: 1000,
  ...extra,
});

const report = (bindings: BindingReport[]): Report => ({
  trigger: 't',
  startedAt: '2026-11-29T00:00:00.000Z',
  durationMs: 1,
  dryRun: false,
  outcomes: {},
  bindings,
});

describe('figuresOf', () => {
  it('counts one binding per outcome word and times the swap from the run start to its last action', () => {
    // Prepare: orders swapped after DNS moved 4.2 s in; its last action (deregister) ended at 19.5 s.
    const swapped = pool('swapped', [
      { action: 'register', targets: ['10.0.1.20:5432'], atMs: 4300, durationMs: 200 },
      { action: 'wait-healthy', targets: ['10.0.1.20:5432'], atMs: 4500, durationMs: 14_000 },
      { action: 'deregister', targets: ['10.0.1.10:5432'], atMs: 18_500, durationMs: 1000 },
    ]);
    const input = report([
      binding('orders', [swapped, pool('in-sync')], {
        settle: { waitedMs: 4200, polls: 5, changed: true },
      }),
      binding('billing', [pool('refused'), pool('failed'), pool('busy')]),
      binding('reporting', [pool('drift')], { mode: 'report-only' }),
    ]);
    // Act
    const figures = figuresOf(input);
    // Assess
    expect(figures).toEqual([
      {
        binding: 'orders',
        counts: { Swaps: 1, Drift: 0, Refusals: 0, Failures: 0, Busy: 0 },
        timings: { TimeToConsistentMs: 19_500, DnsLagMs: 4200 },
      },
      {
        binding: 'billing',
        counts: { Swaps: 0, Drift: 0, Refusals: 1, Failures: 1, Busy: 1 },
        timings: {},
      },
      {
        binding: 'reporting',
        counts: { Swaps: 0, Drift: 1, Refusals: 0, Failures: 0, Busy: 0 },
        timings: {},
      },
    ]);
  });

  it('publishes nothing for a dry run, and no DNS lag when DNS never moved', () => {
    // Prepare
    const input = report([
      binding('orders', [pool('drift')], { mode: 'dry-run' }),
      binding('billing', [pool('in-sync')], { settle: { waitedMs: 60_000, polls: 60, changed: false } }),
    ]);
    // Act
    const figures = figuresOf(input);
    // Assess
    expect(figures).toEqual([
      { binding: 'billing', counts: { Swaps: 0, Drift: 0, Refusals: 0, Failures: 0, Busy: 0 }, timings: {} },
    ]);
  });

  it('takes the slowest swapped pool of a binding, and a pool without actions by its duration', () => {
    // Prepare
    const fast = pool('swapped', [
      { action: 'replace', targets: ['10.0.1.20:3306'], atMs: 100, durationMs: 50 },
    ]);
    const bare = pool('swapped');
    // Act
    const [figures] = figuresOf(report([binding('billing', [fast, bare])]));
    // Assess
    expect(figures?.counts.Swaps).toBe(2);
    expect(figures?.timings).toEqual({ TimeToConsistentMs: 900 });
  });
});
