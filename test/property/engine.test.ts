import { fc, fcParams } from './fc-params';
import { IPS, ipScenarioArb, playChaos } from '../model/ip-scenario';
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
  const { world } = await playChaos(scenario);
  world.stopFaults();
  const final = IPS[scenario.final];
  world.pool.setAlive(final, true);
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

describe('the engine against the model: 2 to 5 concurrent runs, faults, lag, late landings', () => {
  it('never empties the pool, never removes its last healthy member, never adds a bad address', async () => {
    await fc.assert(
      fc.asyncProperty(ipScenarioArb, async (scenario) => {
        const { world } = await playChaos(scenario);
        const story = `\n${timeline(world)}`;
        expect({ violations: world.pool.violations, story }).toEqual({ violations: [], story });
      }),
      fcParams(60),
    );
  });

  it('converges once faults stop and DNS settles, and then makes no change (journal horizon passed)', async () => {
    await fc.assert(
      fc.asyncProperty(ipScenarioArb, (scenario) => convergesAfter(scenario, { pastHorizon: true })),
      fcParams(40),
    );
  });

  // ENGINE FINDING (see kill.test.ts): a removal whose intent was journaled but which never landed
  // (throttled, hung and never landing, or its run died before sending it) hides the member for
  // INTENT_HORIZON_MS: the clean run says in-sync and leaves it registered. Shrunk counterexample
  // (seed 20261129): pool [A, C], two runs that both resolve A; the first run's DeregisterTargets(C)
  // is throttled; the clean run reports in-sync with [A, C] registered.
  it.failing('converges right after the faults stop (KNOWN ENGINE BUG: stale remove intents)', async () => {
    await fc.assert(
      fc.asyncProperty(ipScenarioArb, (scenario) => convergesAfter(scenario, { pastHorizon: false })),
      fcParams(40),
    );
  });
});
