import { CallFault } from '../model/model-pool';
import { failoverTrigger, ipWorld, poolReportOf, resolvedTo, scheduleTrigger } from '../model/ip-world';

const A = '10.0.1.10';
const B = '10.0.1.20';

describe('the model pool and the scheduler (sanity of the test world itself)', () => {
  it('runs a clean failover A -> B in virtual time: register, wait, deregister', async () => {
    // Prepare
    const world = ipWorld({ healthTimeoutSeconds: 60, onHealthTimeout: 'keep-old', settleSeconds: 10 });
    world.pool.seed([{ ip: A, port: 5432 }]);
    // Act
    const run = world.start({
      runId: 'run-1',
      answer: () => resolvedTo(B),
      trigger: failoverTrigger,
      deadlineInMs: 120_000,
    });
    const report = await world.scheduler.drive(run.report);
    // Assess
    expect(poolReportOf(report).outcome).toBe('swapped');
    expect(world.pool.ourLandings().map((l) => [l.actor, l.what, l.nonDrainingAfter])).toEqual([
      ['run-1', 'add 10.0.1.20:5432', 2],
      ['run-1', 'remove 10.0.1.10:5432', 1],
    ]);
    expect(world.pool.live()).toEqual(['10.0.1.20:5432']);
    expect(world.pool.violations).toEqual([]);
  });

  it('records an emptied pool and a removed last healthy member as violations', async () => {
    const world = ipWorld({ healthTimeoutSeconds: 60, onHealthTimeout: 'keep-old', settleSeconds: 10 });
    world.pool.seed([{ ip: A, port: 5432 }]);
    const client = world.pool.clientFor('rogue');
    const removal = client.apply(
      { kind: 'remove', remove: [{ ip: A, port: 5432 }], because: 'desired-healthy' },
      { deadlineMs: world.scheduler.now() + 10_000 },
    );
    await world.scheduler.drive(removal);
    expect(world.pool.violations.map((v) => [v.kind, v.landing.actor, v.landing.what])).toEqual([
      ['emptied', 'rogue', 'remove 10.0.1.10:5432'],
      ['last-healthy-removed', 'rogue', 'remove 10.0.1.10:5432'],
    ]);
    expect(world.pool.listNow()).toEqual([{ ip: A, port: 5432, health: 'draining', state: 'draining' }]);
  });

  it('hangs a call until its deadline and lands its effect later; lags describes', async () => {
    const world = ipWorld({
      healthTimeoutSeconds: 60,
      onHealthTimeout: 'keep-old',
      settleSeconds: 10,
      plans: {
        apply: [{ fault: CallFault.Hang, latencyMs: 10, landAfterMs: 25_000 }],
        describe: [{ fault: CallFault.None, latencyMs: 10, lagMs: 3000 }],
      },
    });
    world.pool.seed([{ ip: A, port: 5432 }]);
    const client = world.pool.clientFor('run-1');
    const deadlineMs = world.scheduler.now() + 10_000;
    const added = client.apply({ kind: 'add', add: [{ ip: B, port: 5432 }] }, { deadlineMs });
    await expect(world.scheduler.drive(added)).rejects.toThrow(
      'register on aws-elbv2 targetgroup/orders/0123456789abcdef failed: TimeoutError',
    );
    expect(world.scheduler.now() - world.t0).toBe(10_000);
    expect(world.pool.live()).toEqual(['10.0.1.10:5432']);
    await world.scheduler.advanceTo(world.t0 + 26_000);
    expect(world.pool.live()).toEqual(['10.0.1.10:5432', '10.0.1.20:5432']);
    // The describe answers 20 ms later, as of 3 s before that: B had not landed yet.
    const lagged = await world.scheduler.drive(client.describe({ deadlineMs: world.t0 + 60_000 }));
    expect(lagged.map((m) => `${m.ip} ${m.state}`)).toEqual(['10.0.1.10 healthy']);
  });

  it('is idempotent on a second clean run', async () => {
    const world = ipWorld({ healthTimeoutSeconds: 60, onHealthTimeout: 'keep-old', settleSeconds: 10 });
    world.pool.seed([{ ip: B, port: 5432 }]);
    const run = world.start({
      runId: 'run-1',
      answer: () => resolvedTo(B),
      trigger: scheduleTrigger,
      deadlineInMs: 60_000,
    });
    const report = await world.scheduler.drive(run.report);
    expect(poolReportOf(report).outcome).toBe('in-sync');
    expect(world.pool.ourLandings()).toEqual([]);
  });
});
