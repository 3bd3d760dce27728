import { reconcile } from '../../shared/reconcile';
import type { Trigger } from '../../shared/events/types';
import { fakeRuntime, ordersConfig, resolvedTo } from '../support/fake-runtime';

const clusterFailover: Trigger = {
  kind: 'rds-event',
  via: 'eventbridge',
  events: [
    {
      eventId: 'RDS-EVENT-0071',
      sourceType: 'cluster',
      sourceId: 'orders',
      message: 'Completed failover',
      settles: true,
    },
  ],
};
const schedule: Trigger = { kind: 'schedule' };

describe('reconcile', () => {
  it('swaps a failed-over binding: register, wait healthy, then deregister the old backend', async () => {
    // Prepare
    const world = fakeRuntime({ answer: () => resolvedTo('10.0.1.20'), healthyAfterMs: 3000 });
    world.pool.seed('10.0.1.10');
    // Act
    const report = await reconcile(clusterFailover, world.deps);
    // Assess
    expect(world.pool.changes()).toEqual(['register 10.0.1.20:5432', 'deregister 10.0.1.10:5432']);
    expect(world.pool.keys()).toEqual(['10.0.1.20:5432']);
    const [binding] = report.bindings;
    expect(binding?.outcome).toBe('swapped');
    expect(binding?.pools[0]?.actions.map((a) => [a.action, a.targets, a.result])).toEqual([
      ['register', ['10.0.1.20:5432'], undefined],
      ['wait-healthy', ['10.0.1.20:5432'], 'healthy'],
      ['deregister', ['10.0.1.10:5432'], 'desired-healthy'],
    ]);
    expect(binding?.pools[0]?.before).toEqual([{ target: '10.0.1.10:5432', state: 'healthy' }]);
    expect(binding?.pools[0]?.after).toEqual([{ target: '10.0.1.20:5432', state: 'healthy' }]);
    expect(world.alerts.map((a) => a.message.subject)).toEqual([
      'rds-failover-sync: orders swapped to 10.0.1.20 (was 10.0.1.10)',
    ]);
    expect(binding?.alerts).toEqual({ sent: ['arn:aws:sns:us-east-1:123456789012:db-failover'], failed: [] });
  });

  it('never lets the pool reach zero backends while swapping (invariant 3)', async () => {
    const world = fakeRuntime({ answer: () => resolvedTo('10.0.1.20'), healthyAfterMs: 3000 });
    world.pool.seed('10.0.1.10');
    await reconcile(clusterFailover, world.deps);
    expect(world.pool.calls.filter((c) => c.call !== 'describe').map((c) => c.sizeAfter)).toEqual([2, 1]);
  });

  it('waits for DNS that lags the failover event, polling about once a second', async () => {
    // Prepare: DNS still shows the old primary for 4.5 s after the event
    const world = fakeRuntime({
      answer: (elapsedMs) => resolvedTo(elapsedMs < 4500 ? '10.0.1.10' : '10.0.1.20'),
    });
    world.pool.seed('10.0.1.10');
    // Act
    const report = await reconcile(clusterFailover, world.deps);
    // Assess
    expect(world.resolutions).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    expect(report.bindings[0]?.settle).toEqual({ waitedMs: 5000, polls: 6, changed: true });
    expect(world.pool.keys()).toEqual(['10.0.1.20:5432']);
  });

  it('gives up settling at the deadline and reports in-sync when DNS never moves', async () => {
    const world = fakeRuntime({
      config: ordersConfig('      settleSeconds: 10'),
      answer: () => resolvedTo('10.0.1.10'),
    });
    world.pool.seed('10.0.1.10');
    const report = await reconcile(clusterFailover, world.deps);
    expect(report.bindings[0]?.settle).toEqual({ waitedMs: 10000, polls: 11, changed: false });
    expect(report.bindings[0]?.outcome).toBe('in-sync');
    expect(world.pool.changes()).toEqual([]);
    expect(world.alerts).toEqual([]);
  });

  it('keeps settling within half of the invocation time left', async () => {
    const world = fakeRuntime({
      config: ordersConfig('      settleSeconds: 600'),
      answer: () => resolvedTo('10.0.1.10'),
      deadlineInMs: 20_000,
    });
    world.pool.seed('10.0.1.10');
    const report = await reconcile(clusterFailover, world.deps);
    expect(report.bindings[0]?.settle?.waitedMs).toBe(10000);
  });

  it('does not settle on a schedule: one resolution', async () => {
    const world = fakeRuntime({ answer: () => resolvedTo('10.0.1.10') });
    world.pool.seed('10.0.1.10');
    const report = await reconcile(schedule, world.deps);
    expect(world.resolutions).toEqual([0]);
    expect(report.bindings[0]?.outcome).toBe('in-sync');
  });

  it('keeps the old backend when the new one never gets healthy (keep-old), and fails', async () => {
    const world = fakeRuntime({
      config: ordersConfig('      healthTimeoutSeconds: 30'),
      answer: () => resolvedTo('10.0.1.20'),
      neverHealthy: ['10.0.1.20'],
    });
    world.pool.seed('10.0.1.10');
    const report = await reconcile(schedule, world.deps);
    expect(world.pool.keys()).toEqual(['10.0.1.10:5432', '10.0.1.20:5432']);
    expect(report.bindings[0]?.outcome).toBe('failed');
    expect(report.bindings[0]?.pools[0]?.reason).toBe(
      '10.0.1.20:5432 not healthy by the health deadline; kept 10.0.1.10:5432 (onHealthTimeout: keep-old)',
    );
    expect(world.alerts[0]?.message.subject).toMatch(
      /^rds-failover-sync: orders FAILED: 10\.0\.1\.20:5432 not healthy/,
    );
  });

  it('keeps an old backend that still passes its checks at the deadline, even with remove-old', async () => {
    const world = fakeRuntime({
      config: ordersConfig('      healthTimeoutSeconds: 30\n      onHealthTimeout: remove-old'),
      answer: () => resolvedTo('10.0.1.20'),
      neverHealthy: ['10.0.1.20'],
    });
    world.pool.seed('10.0.1.10');
    const report = await reconcile(schedule, world.deps);
    expect(world.pool.keys()).toEqual(['10.0.1.10:5432', '10.0.1.20:5432']);
    expect(report.bindings[0]?.outcome).toBe('failed');
    expect(report.bindings[0]?.pools[0]?.reason).toBe(
      '10.0.1.20:5432 not healthy by the health deadline; kept 10.0.1.10:5432: still healthy, the last path that works',
    );
  });

  it('removes an old backend that fails its checks at the deadline when the policy says remove-old', async () => {
    const world = fakeRuntime({
      config: ordersConfig('      healthTimeoutSeconds: 30\n      onHealthTimeout: remove-old'),
      answer: () => resolvedTo('10.0.1.20'),
      neverHealthy: ['10.0.1.20'],
    });
    world.pool.seed('10.0.1.10', 'unhealthy');
    const report = await reconcile(schedule, world.deps);
    expect(world.pool.keys()).toEqual(['10.0.1.20:5432']);
    expect(report.bindings[0]?.pools[0]?.actions.map((a) => a.result)).toEqual([
      undefined,
      'not healthy: 10.0.1.20:5432',
      'health-deadline-passed',
    ]);
  });

  it.each([
    ['NXDOMAIN', { ok: false as const, failure: 'nxdomain' as const, detail: 'no such name' }],
    ['timeout', { ok: false as const, failure: 'timeout' as const, detail: 'no answer' }],
    ['empty', { ok: false as const, failure: 'empty' as const, detail: 'no A record' }],
    ['a public address', resolvedTo('54.1.2.3')],
    ['too many addresses', resolvedTo('10.0.1.1', '10.0.1.2', '10.0.1.3')],
  ])('refuses %s: changes nothing, alerts (invariants 1 and 2)', async (_name, answer) => {
    const world = fakeRuntime({ answer: () => answer });
    world.pool.seed('10.0.1.10');
    const report = await reconcile(clusterFailover, world.deps);
    expect(world.pool.changes()).toEqual([]);
    expect(world.pool.keys()).toEqual(['10.0.1.10:5432']);
    expect(report.bindings[0]?.outcome).toBe('refused');
    // The last: a poisoned answer met while settling is also alerted at once (reconcile-poisoned-answer).
    expect(world.alerts.at(-1)?.message.subject).toMatch(/^rds-failover-sync: orders REFUSED: /);
  });

  it('is idempotent: the same trigger twice makes no second change (invariant 4)', async () => {
    const world = fakeRuntime({ answer: () => resolvedTo('10.0.1.20') });
    world.pool.seed('10.0.1.10');
    await reconcile(clusterFailover, world.deps);
    const changesAfterFirst = world.pool.changes();
    const second = await reconcile(clusterFailover, world.deps);
    expect(world.pool.changes()).toEqual(changesAfterFirst);
    expect(second.bindings[0]?.outcome).toBe('in-sync');
  });

  it('converges from a half-finished swap left by a crashed invocation', async () => {
    const world = fakeRuntime({ answer: () => resolvedTo('10.0.1.20') });
    world.pool.seed('10.0.1.10');
    world.pool.seed('10.0.1.20');
    const report = await reconcile(schedule, world.deps);
    expect(world.pool.changes()).toEqual(['deregister 10.0.1.10:5432']);
    expect(report.bindings[0]?.outcome).toBe('swapped');
  });

  it('dry run changes nothing and shows exactly what apply then does (invariant 7)', async () => {
    // Prepare
    const world = fakeRuntime({ answer: () => resolvedTo('10.0.1.20'), healthyAfterMs: 2000 });
    world.pool.seed('10.0.1.10');
    // Act
    const dry = await reconcile({ kind: 'manual', dryRun: true }, world.deps);
    const changesAfterDryRun = world.pool.changes();
    const applied = await reconcile({ kind: 'manual', dryRun: false }, world.deps);
    // Assess
    expect(changesAfterDryRun).toEqual([]);
    expect(world.alerts).toHaveLength(1); // the apply's, not the dry run's
    expect(dry.bindings[0]?.outcome).toBe('drift');
    expect(dry.bindings[0]?.mode).toBe('dry-run');
    const steps = (r: typeof dry) =>
      r.bindings[0]?.pools[0]?.actions.map((a) => `${a.action} ${a.targets.join(',')}`);
    expect(steps(dry)).toEqual([
      'register 10.0.1.20:5432',
      'wait-healthy 10.0.1.20:5432',
      'deregister 10.0.1.10:5432',
    ]);
    expect(steps(applied)).toEqual(steps(dry));
  });

  it('report-only mode reports drift and alerts without changing anything', async () => {
    const world = fakeRuntime({
      config: ordersConfig('      mode: report-only'),
      answer: () => resolvedTo('10.0.1.20'),
    });
    world.pool.seed('10.0.1.10');
    const report = await reconcile(schedule, world.deps);
    expect(world.pool.changes()).toEqual([]);
    expect(report.bindings[0]?.outcome).toBe('drift');
    expect(world.alerts[0]?.message.subject).toBe(
      'rds-failover-sync: orders DRIFT: pool on 10.0.1.10, endpoint at 10.0.1.20',
    );
  });

  it('reports a pool API failure as failed, naming the step and the code', async () => {
    const world = fakeRuntime({ answer: () => resolvedTo('10.0.1.20') });
    world.pool.seed('10.0.1.10');
    world.pool.failures.register = 'ThrottlingException';
    const report = await reconcile(schedule, world.deps);
    expect(report.bindings[0]?.outcome).toBe('failed');
    expect(report.bindings[0]?.pools[0]?.error).toEqual({
      step: 'register',
      code: 'ThrottlingException',
      message: 'register on fake failed: ThrottlingException: injected',
    });
    expect(world.pool.keys()).toEqual(['10.0.1.10:5432']);
  });

  it('reports a binding whose pool cannot even be described as failed', async () => {
    const world = fakeRuntime({ answer: () => resolvedTo('10.0.1.20') });
    world.pool.failures.describe = 'TargetGroupNotFoundException';
    const report = await reconcile(schedule, world.deps);
    expect(report.bindings[0]?.outcome).toBe('failed');
    expect(report.bindings[0]?.pools[0]?.error?.code).toBe('TargetGroupNotFoundException');
  });

  it('selects only the bindings an event names', async () => {
    const world = fakeRuntime({ answer: () => resolvedTo('10.0.1.10') });
    const report = await reconcile(
      {
        kind: 'rds-event',
        via: 'sns',
        events: [
          {
            eventId: 'RDS-EVENT-0071',
            sourceType: 'cluster',
            sourceId: 'billing',
            message: '',
            settles: true,
          },
        ],
      },
      world.deps,
    );
    expect(report.bindings).toEqual([]);
    expect(report.note).toBe('no binding names the event source(s): cluster billing');
    expect(world.resolutions).toEqual([]);
  });

  it('rejects a manual run of an unknown binding before touching anything', async () => {
    const world = fakeRuntime({ answer: () => resolvedTo('10.0.1.10') });
    await expect(
      reconcile({ kind: 'manual', bindings: ['billing'], dryRun: false }, world.deps),
    ).rejects.toThrow('unknown binding(s) billing; configured: orders');
    expect(world.resolutions).toEqual([]);
  });

  it('logs one JSON record per decision with binding, pool, before, after, reason and duration (invariant 8)', async () => {
    const world = fakeRuntime({ answer: () => resolvedTo('10.0.1.20') });
    world.pool.seed('10.0.1.10');
    await reconcile(schedule, world.deps);
    const final = world.logs.find((r) => r.message === 'pool reconciled');
    expect(final).toMatchObject({
      level: 'info',
      binding: 'orders',
      pool: 'fake pool',
      outcome: 'swapped',
      before: [{ target: '10.0.1.10:5432', state: 'healthy' }],
      after: [{ target: '10.0.1.20:5432', state: 'healthy' }],
      reason: 'pool now matches what it must hold',
    });
    expect(typeof final?.durationMs).toBe('number');
    expect(world.logs.map((r) => r.message)).toEqual([
      'trigger received',
      'bindings selected',
      'endpoint resolved',
      'lease taken',
      'plan',
      'pool register',
      'plan',
      // Just added: not trusted healthy until the consistency window has passed.
      'pool wait-healthy',
      'plan',
      'pool deregister',
      'plan',
      'pool reconciled',
      'alert',
    ]);
  });
});
