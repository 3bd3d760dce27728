import { LATE_LANDING_MARGIN_MS } from '../../shared/lease/lease';
import { fc, fcParams } from './fc-params';
import { flapScenarioArb, IPS, ipScenarioArb, playChaos } from '../model/ip-scenario';
import type { IpScenario } from '../model/ip-scenario';
import { poolReportOf, resolvedTo, scheduleTrigger } from '../model/ip-world';
import type { IpWorld } from '../model/ip-world';

/** The pool's history, one line per change that landed: what a failure message needs to tell the story. */
function timeline(world: IpWorld): string {
  return world.pool.landings
    .map(
      (l) =>
        `${l.atMs - world.t0}ms ${l.actor}: ${l.what} -> [${l.membersAfter.join(' ')}] healthy [${l.healthyAfter.join(' ')}]`,
    )
    .join('\n');
}

async function cleanRun(world: IpWorld, runId: string, final: string) {
  const run = world.start({
    runId,
    answer: () => resolvedTo(final),
    trigger: scheduleTrigger,
    deadlineInMs: 600_000,
  });
  return poolReportOf(await world.scheduler.drive(run.report));
}

/**
 * Convergence is only owed when health can arrive in time: the health deadline must leave room for the
 * final member's checks, the engine's 5 s consistency window (a member added less than 5 s ago is not
 * trusted healthy) and a health poll. See the report: with `healthTimeoutSeconds` <= 5 no swap can
 * ever finish in one run, and the schema accepts 0.
 */
const healthCanArrive = (s: IpScenario) =>
  s.healthTimeoutSeconds * 1000 >= s.checkDelayMs[s.final] + 5000 + 3000;

async function convergesAfter(scenario: IpScenario, { pastHorizon }: { pastHorizon: boolean }) {
  fc.pre(healthCanArrive(scenario));
  const { world } = await playChaos(scenario, { lateLandings: false });
  world.stopFaults();
  const final = IPS[scenario.final];
  world.pool.setAlive(final, true);
  // Convergence is owed once no call of a chaos run can still land (its lease's end) and a describe
  // can no longer lag behind such a landing: until then a journaled removal is rightly distrusted.
  const quietAtMs =
    world.t0 +
    Math.max(...scenario.runs.map((r) => r.startAtMs + r.deadlineInMs)) +
    LATE_LANDING_MARGIN_MS +
    5000 +
    1;
  await world.scheduler.advanceTo(Math.max(world.scheduler.now(), quietAtMs));
  if (pastHorizon) await world.scheduler.advanceTo(world.scheduler.now() + 600_001);
  const first = await cleanRun(world, 'clean-1', final);
  const landed = world.pool.landings.length;
  const second = await cleanRun(world, 'clean-2', final);
  const story = `\n${timeline(world)}\nclean-1: ${first.outcome}: ${first.reason}`;
  expect({ violations: world.pool.violations, story }).toEqual({ violations: [], story });
  expect({ live: world.pool.live(), outcome: first.outcome, story }).toEqual({
    live: [`${final}:5432`],
    outcome: expect.stringMatching(/^(swapped|in-sync)$/),
    story,
  });
  expect({ outcome: second.outcome, landed: world.pool.landings.length }).toEqual({
    outcome: 'in-sync',
    landed,
  });
}

/** Enough runs for the fixed seed to meet a late landing that empties the pool (it does at run 83). */
const RUNS_TO_FIND_LATE_LANDING = 200;

describe('the engine against the model: 2 to 5 concurrent runs, faults, lag, late landings', () => {
  it('never empties the pool, never removes its last healthy member, never adds a bad address, while every change lands before its call ends', async () => {
    await fc.assert(
      fc.asyncProperty(ipScenarioArb, async (scenario) => {
        const { world } = await playChaos(scenario, { lateLandings: false });
        const story = `\n${timeline(world)}`;
        expect({ violations: world.pool.violations, story }).toEqual({ violations: [], story });
      }),
      fcParams(60),
    );
  });

  // Found by this property and fixed (the journal distrusts a removal only for the landing window, and a later add no longer cancels it; a holder whose change is uncertain keeps its lease for the margin). Shrunk counterexample (FC_SEED=665669259 with
  // FC_RUNS_FACTOR=40, found after 55 runs): pool [A, C]; describe lag 1920 ms; checks pass at once;
  // three runs start at 0 s with 20 s deadlines: run-1 DNS C, run-2 DNS 54.1.2.3 (refused), run-3 DNS A;
  // the only fault: run-1's DeregisterTargets(A) answers OK at once but lands 4.081 s later (`late`).
  //   1. 0.3 s: run-1 journals "remove A", the call answers OK, run-1 reports swapped, releases the lease.
  //   2. 1.2 s: run-3 takes the lease; the journal shows A draining; it registers A (a no-op: A is
  //      still registered), and "add A" becomes A's latest intent: the removal in flight is forgotten.
  //   3. 4.381 s: run-1's removal lands: A drains; the pool holds C only.
  //   4. 6.25 s: run-3's fresh read is 1.92 s stale, shows A healthy, and A's add intent is 5 s old, so
  //      the overlay trusts it: unsafeChange passes. 6.35 s: DeregisterTargets(C) lands: the pool is
  //      empty. run-3 then re-adds A four times and fails ("still changing after 6 changes").
  it('never empties the pool when changes may land after their call ended', async () => {
    await fc.assert(
      fc.asyncProperty(ipScenarioArb, async (scenario) => {
        const { world } = await playChaos(scenario);
        const story = `\n${timeline(world)}`;
        expect({ violations: world.pool.violations, story }).toEqual({ violations: [], story });
      }),
      fcParams(RUNS_TO_FIND_LATE_LANDING),
    );
  });

  // Found by this property and fixed (the journal distrusts a removal only for the landing window, and a later add no longer cancels it; a holder whose change is uncertain keeps its lease for the margin). Shrunk counterexample (seed 20261129): pool [A];
  // lag 820 ms; checks pass at once; health timeout 15 s; three runs, each with a 20 s deadline:
  //   run-2 at 0 s (DNS B), run-1 at 9.95 s (DNS A), run-3 at 10.251 s (DNS B);
  //   apply plans: the 1st change hangs (lands at once), the 2nd is re-sent (lands again 5.182 s later).
  // As played:
  //   1. 0 s: run-2 takes the lease, journals "add B", RegisterTargets(B) lands but never answers.
  //   2. 20 s: run-2's deadline: it fails and releases the lease; run-1 (DNS A) takes it, sees A and B
  //      healthy and deregisters B; the call answers OK, a retried copy is still on the wire; run-1
  //      reports swapped and releases the lease at once.
  //   3. 20.25 s: run-3 (DNS B) takes the lease, sees B draining (journal), registers B: "add B" is now
  //      B's latest intent, and the pending removal is forgotten.
  //   4. 25.38 s: run-1's second DeregisterTargets(B) lands: B drains.
  //   5. 26.15 s: run-3's fresh read, 820 ms stale (under the 5 s consistency bound), still shows B
  //      healthy; the intent overlay trusts it (B was added 5.9 s ago); unsafeChange passes.
  //   6. 26.25 s: DeregisterTargets(A) lands: the pool is empty. run-3 then re-adds B four times (a
  //      lagging describe keeps listing it draining) and fails with "still changing after 6 changes".
  it('never empties the pool when DNS flaps between runs that follow each other, calls hanging or landing twice', async () => {
    await fc.assert(
      fc.asyncProperty(flapScenarioArb, async (scenario) => {
        const { world } = await playChaos(scenario);
        const story = `\n${timeline(world)}`;
        expect({ violations: world.pool.violations, story }).toEqual({ violations: [], story });
      }),
      fcParams(30),
    );
  }, 120_000);

  it('converges once faults stop and DNS settles, and then makes no change (journal horizon passed)', async () => {
    await fc.assert(
      fc.asyncProperty(ipScenarioArb, (scenario) => convergesAfter(scenario, { pastHorizon: true })),
      fcParams(40),
    );
  });

  // Found here and fixed (see kill.test.ts): a removal whose intent was journaled but which never landed
  // (throttled, hung and never landing, or its run died before sending it) hides the member for
  // INTENT_HORIZON_MS: the clean run says in-sync and leaves it registered. Shrunk counterexample
  // (seed 20261129): pool [A, C], two runs that both resolve A; the first run's DeregisterTargets(C)
  // is throttled; the clean run reports in-sync with [A, C] registered.
  it('converges once no journaled removal can still land, although one never landed', async () => {
    await fc.assert(
      fc.asyncProperty(ipScenarioArb, (scenario) => convergesAfter(scenario, { pastHorizon: false })),
      fcParams(40),
    );
  });
});
