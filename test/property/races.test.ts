import { CallFault } from '../model/model-pool';
import type { CallPlan } from '../model/model-pool';
import { ipWorld, poolReportOf, resolvedTo, scheduleTrigger } from '../model/ip-world';

const A = '10.0.1.10';
const B = '10.0.1.20';
const CLEAN: CallPlan = { fault: CallFault.None, latencyMs: 50, lagMs: 0 };

/** The changes after which the pool had no member that was not draining. */
const emptied = (world: ReturnType<typeof ipWorld>) =>
  world.pool.landings
    .filter((l) => l.nonDrainingAfter === 0)
    .map((l) => `${l.atMs - world.t0} ${l.actor}: ${l.what}`);

describe('races told as sequences, played on the model', () => {
  // ENGINE FINDING (for the lead, not fixed here), as the model plays it:
  //   1. 0.25 s: run-1 (DNS says B) registers B; B passes its checks.
  //   2. 6 s: run-1 journals "remove A" and sends DeregisterTargets(A); the call hangs.
  //   3. 60 s: run-1's deadline: the call is abandoned, converge reports failed, and `syncPool`'s
  //      `finally` releases the lease at once, although the request is still on the wire.
  //   4. 61 s: run-2 (DNS flapped back to A) takes the lease; the journal's "remove A" shows A draining,
  //      so it registers A (intent "add A", now A's latest), waits out the 5 s consistency window, sees
  //      A and B healthy, and deregisters B.
  //   5. 86 s: run-1's DeregisterTargets(A) lands, 26 s after run-1's deadline, inside the 30 s
  //      late-landing margin the lease is meant to cover: the pool is empty.
  // The margin protects the next holder only when the holder dies; a holder that gives up on a call
  // releases early. The same happens with an SDK retry whose first attempt lands after the retry
  // answered (`resent`): see the flap property in engine.test.ts.
  it.failing(
    'KNOWN ENGINE BUG: a removal that hangs past its run, which releases the lease, lands after the next run swapped back',
    async () => {
      // Prepare: run-1's DeregisterTargets(A) hangs, and lands 80 s after it was sent: 20 s after run-1's deadline.
      const world = ipWorld({
        healthTimeoutSeconds: 30,
        onHealthTimeout: 'keep-old',
        settleSeconds: 0,
        planFor: (_call, caller, what) =>
          caller === 'run-1' && what === 'remove 10.0.1.10:5432'
            ? { fault: CallFault.Hang, latencyMs: 50, landAfterMs: 80_000 }
            : CLEAN,
      });
      world.pool.seed([{ ip: A, port: 5432 }]);
      // Act: run-1 (DNS says B) swaps A for B; run-2 (DNS flapped back to A) starts after run-1's deadline.
      const run1 = world.start({
        runId: 'run-1',
        answer: () => resolvedTo(B),
        trigger: scheduleTrigger,
        deadlineInMs: 60_000,
      });
      const report1 = await world.scheduler.drive(run1.report);
      await world.scheduler.advanceTo(world.t0 + 61_000);
      const run2 = world.start({
        runId: 'run-2',
        answer: () => resolvedTo(A),
        trigger: scheduleTrigger,
        deadlineInMs: 60_000,
      });
      const report2 = await world.scheduler.drive(run2.report);
      await world.scheduler.advanceTo(world.t0 + 200_000);
      // Assess: only what must hold whatever the fix, so that this flips to failing once it is fixed.
      // Today: the removals land as 250 add B, 61250 add A (run-2), 67050 remove B (run-2), 86000
      // remove A (run-1, late): the pool is empty from 86 s.
      expect(poolReportOf(report1).outcome).toBe('failed');
      expect(['swapped', 'busy', 'failed']).toContain(poolReportOf(report2).outcome);
      expect(emptied(world)).toEqual([]);
      expect(world.pool.violations).toEqual([]);
    },
  );
});
