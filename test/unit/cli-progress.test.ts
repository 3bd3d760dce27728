import { createProgress } from '../../bin/cli/progress';
import type { LoopEvent } from '../../shared/reconcile/loop-events';

const POOL = 'aws-elbv2 targetgroup/orders-pg/0000000000000001';

/** The events of one swap, as the loop emits them. */
const swap: LoopEvent[] = [
  {
    type: 'endpoint-resolved',
    atMs: 0,
    binding: 'orders',
    resolution: { ok: true, addresses: ['10.20.2.20'], ttlSeconds: 5, chain: [], server: '10.0.0.2' },
  },
  { type: 'lease-taken', atMs: 10, binding: 'orders', pool: POOL, waitedMs: 0 },
  { type: 'planned', atMs: 10, binding: 'orders', pool: POOL, step: 'add', before: [] },
  {
    type: 'pool-action',
    atMs: 40,
    binding: 'orders',
    pool: POOL,
    action: { action: 'register', targets: ['10.20.2.20:5432'], atMs: 10, durationMs: 30 },
  },
  { type: 'planned', atMs: 40, binding: 'orders', pool: POOL, step: 'await-health', before: [] },
];
const healthy: LoopEvent = {
  type: 'pool-action',
  atMs: 3040,
  binding: 'orders',
  pool: POOL,
  action: {
    action: 'wait-healthy',
    targets: ['10.20.2.20:5432'],
    atMs: 40,
    durationMs: 3000,
    result: 'healthy',
  },
};

/** A progress printer on a hand-driven clock and interval. */
function harness(tty: boolean, simulated: string[] = []) {
  const written: string[] = [];
  let nowMs = 0;
  let tick: (() => void) | undefined;
  let cleared = 0;
  const progress = createProgress({
    write: (text) => written.push(text),
    tty,
    simulated: new Set(simulated),
    now: () => nowMs,
    setInterval: (fn) => {
      tick = fn;
      return {};
    },
    clearInterval: () => {
      cleared += 1;
      tick = undefined;
    },
  });
  return {
    progress,
    written,
    advance(ms: number) {
      nowMs += ms;
      tick?.();
    },
    ticking: () => tick !== undefined,
    cleared: () => cleared,
  };
}

describe('CLI progress', () => {
  it('writes a plain line per step when not on a terminal, and never a carriage return', () => {
    // Prepare
    const h = harness(false);
    // Act
    for (const event of [...swap, healthy]) h.progress.observe(event);
    h.progress.stop();
    // Assess
    expect(h.written.join('')).toBe(
      [
        'orders: endpoint resolves to 10.20.2.20',
        `  ${POOL}: lease taken`,
        `  ${POOL}: registered 10.20.2.20:5432 (0.0 s)`,
        `  ${POOL}: waiting for 10.20.2.20:5432 to pass health checks`,
        `  ${POOL}: 10.20.2.20:5432 healthy after 3.0 s`,
        '',
      ].join('\n'),
    );
    expect(h.ticking()).toBe(false);
  });

  it('ticks the health wait once a second on one terminal line, and ends it with the next step', () => {
    const h = harness(true);
    for (const event of swap) h.progress.observe(event);
    h.advance(1000);
    h.advance(1000);
    const beforeHealthy = h.written.length;
    h.progress.observe(healthy);
    expect(h.written.slice(3, beforeHealthy)).toEqual([
      `\r\x1b[K  waiting for health checks: 10.20.2.20:5432 on ${POOL}: 0 s`,
      `\r\x1b[K  waiting for health checks: 10.20.2.20:5432 on ${POOL}: 1 s`,
      `\r\x1b[K  waiting for health checks: 10.20.2.20:5432 on ${POOL}: 2 s`,
    ]);
    expect(h.written.slice(beforeHealthy)).toEqual([
      '\r\x1b[K',
      `  ${POOL}: 10.20.2.20:5432 healthy after 3.0 s\n`,
    ]);
    expect([h.ticking(), h.cleared()]).toEqual([false, 1]);
  });

  it('says nothing of the simulated pool events of a report-only binding', () => {
    const h = harness(false, ['orders']);
    for (const event of [...swap, healthy]) h.progress.observe(event);
    expect(h.written).toEqual(['orders: endpoint resolves to 10.20.2.20\n']);
  });
});
