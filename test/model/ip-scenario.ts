import fc from 'fast-check';
import type { Report } from '../../shared/core/report';
import type { Resolution } from '../../shared/core/resolution';
import { LATE_LANDING_MARGIN_MS } from '../../shared/lease/lease';
import { CallFault } from './model-pool';
import type { CallPlan } from './model-pool';
import { failoverTrigger, ipWorld, MAX_LAG_MS, nxdomain, resolvedTo, scheduleTrigger } from './ip-world';
import type { IpWorld } from './ip-world';

/** The machines in play: A the old primary, B the new one, C a third. */
export const IPS = { A: '10.0.1.10', B: '10.0.1.20', C: '10.0.1.30' } as const;
export type Name = keyof typeof IPS;

/** What DNS says to one run, as data so that a counterexample prints and shrinks. */
export type AnswerSpec =
  | { readonly kind: 'fixed'; readonly names: readonly Name[] }
  | { readonly kind: 'flap'; readonly first: Name; readonly then: Name; readonly atMs: number }
  | { readonly kind: 'nxdomain' }
  | { readonly kind: 'outside-cidrs' }
  | { readonly kind: 'too-many' };

export interface RunScenario {
  readonly startAtMs: number;
  readonly answer: AnswerSpec;
  readonly failover: boolean;
  readonly deadlineInMs: number;
  readonly abortAtDeadline: boolean;
}

export interface IpScenario {
  readonly initial: readonly Name[];
  readonly checkDelayMs: Readonly<Record<Name, number>>;
  /** The environment kills or heals machines at these times. */
  readonly machines: readonly { readonly atMs: number; readonly name: Name; readonly alive: boolean }[];
  readonly runs: readonly RunScenario[];
  /** One per pool call of each kind, in arrival order; later calls are clean. */
  readonly plans: { readonly describe: readonly CallPlan[]; readonly apply: readonly CallPlan[] };
  readonly lagMs: number;
  readonly healthTimeoutSeconds: number;
  readonly onHealthTimeout: 'keep-old' | 'remove-old';
  readonly settleSeconds: number;
  /** Where DNS settles once the faults stop. */
  readonly final: Name;
}

const name = fc.constantFrom<Name>('A', 'B', 'C');

const answerArb: fc.Arbitrary<AnswerSpec> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('fixed' as const),
      names: fc.constantFrom<Name[]>(['A'], ['B'], ['B'], ['C'], ['A', 'B']),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('flap' as const),
      first: name,
      then: name,
      atMs: fc.integer({ min: 0, max: 30_000 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'nxdomain' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'outside-cidrs' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'too-many' as const }) },
);

export const callPlanArb: fc.Arbitrary<CallPlan> = fc.record(
  {
    fault: fc.constantFrom(...Object.values(CallFault)),
    latencyMs: fc.integer({ min: 0, max: 3000 }),
    landAfterMs: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: undefined }),
    lagMs: fc.integer({ min: 0, max: MAX_LAG_MS }),
  },
  { requiredKeys: ['fault', 'latencyMs', 'lagMs'] },
);

export const ipScenarioArb: fc.Arbitrary<IpScenario> = fc.record({
  initial: fc.constantFrom<Name[]>(['A'], ['A'], ['A', 'C'], ['B']),
  checkDelayMs: fc.record({
    A: fc.integer({ min: 0, max: 20_000 }),
    B: fc.integer({ min: 0, max: 20_000 }),
    C: fc.integer({ min: 0, max: 20_000 }),
  }),
  machines: fc.array(fc.record({ atMs: fc.integer({ min: 0, max: 200_000 }), name, alive: fc.boolean() }), {
    maxLength: 3,
  }),
  runs: fc.array(
    fc.record({
      startAtMs: fc.integer({ min: 0, max: 60_000 }),
      answer: answerArb,
      failover: fc.boolean(),
      deadlineInMs: fc.integer({ min: 20_000, max: 180_000 }),
      abortAtDeadline: fc.boolean(),
    }),
    { minLength: 2, maxLength: 5 },
  ),
  plans: fc.record({
    describe: fc.array(callPlanArb, { maxLength: 30 }),
    apply: fc.array(callPlanArb, { maxLength: 12 }),
  }),
  lagMs: fc.integer({ min: 0, max: MAX_LAG_MS }),
  healthTimeoutSeconds: fc.integer({ min: 5, max: 90 }),
  onHealthTimeout: fc.constantFrom<'keep-old' | 'remove-old'>('keep-old', 'remove-old'),
  settleSeconds: fc.integer({ min: 0, max: 20 }),
  final: fc.constantFrom<Name>('A', 'B'),
});

export function answerOf(spec: AnswerSpec): (elapsedMs: number) => Resolution {
  switch (spec.kind) {
    case 'fixed':
      return () => resolvedTo(...spec.names.map((n) => IPS[n]));
    case 'flap':
      return (elapsedMs) => resolvedTo(IPS[elapsedMs < spec.atMs ? spec.first : spec.then]);
    case 'nxdomain':
      return () => nxdomain;
    case 'outside-cidrs':
      return () => resolvedTo('54.1.2.3');
    case 'too-many':
      return () => resolvedTo(IPS.A, IPS.B, IPS.C);
  }
}

/**
 * Plays the chaos phase of a scenario: the runs start at their times, concurrently, against one model
 * pool and one lease store, with the scripted faults and the environment's deaths; returns once every
 * run has reported and every late call has landed.
 */
export async function playChaos(
  scenario: IpScenario,
  { lateLandings = true }: { lateLandings?: boolean } = {},
): Promise<{ world: IpWorld; reports: Report[] }> {
  const world = ipWorld({
    lateLandings,
    healthTimeoutSeconds: scenario.healthTimeoutSeconds,
    onHealthTimeout: scenario.onHealthTimeout,
    settleSeconds: scenario.settleSeconds,
    checkDelayMs: Object.fromEntries(
      Object.entries(scenario.checkDelayMs).map(([n, ms]) => [IPS[n as Name], ms]),
    ),
    plans: scenario.plans,
    lagMs: scenario.lagMs,
  });
  const { scheduler, t0 } = world;
  world.pool.seed(scenario.initial.map((n) => ({ ip: IPS[n], port: 5432 })));
  for (const m of scenario.machines)
    scheduler.at(t0 + m.atMs, () => world.pool.setAlive(IPS[m.name], m.alive));
  const reports = Promise.all(
    scenario.runs.map(
      (run, i) =>
        new Promise<Report>((resolve, reject) =>
          scheduler.at(t0 + run.startAtMs, () =>
            world
              .start({
                runId: `run-${i + 1}`,
                answer: answerOf(run.answer),
                trigger: run.failover ? failoverTrigger : scheduleTrigger,
                deadlineInMs: run.deadlineInMs,
                abortAtDeadline: run.abortAtDeadline,
              })
              .report.then(resolve, reject),
          ),
        ),
    ),
  );
  const done = await scheduler.drive(reports);
  const lastDeadlineMs = Math.max(...scenario.runs.map((r) => t0 + r.startAtMs + r.deadlineInMs));
  const lastMachineMs = Math.max(0, ...scenario.machines.map((m) => t0 + m.atMs));
  await scheduler.advanceTo(Math.max(lastDeadlineMs + LATE_LANDING_MARGIN_MS, lastMachineMs) + 1000);
  return { world, reports: done };
}

/** Describes that answer, late by up to the lag bound, or are throttled. */
const describePlan: fc.Arbitrary<CallPlan> = fc.record({
  fault: fc.constantFrom(CallFault.None, CallFault.None, CallFault.None, CallFault.Throttle),
  latencyMs: fc.integer({ min: 0, max: 500 }),
  lagMs: fc.integer({ min: 0, max: MAX_LAG_MS }),
});

/** Changes that land on time half the time, and otherwise hang, land late or land twice. */
const applyPlan: fc.Arbitrary<CallPlan> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      fault: fc.constant(CallFault.None),
      latencyMs: fc.integer({ min: 0, max: 500 }),
      lagMs: fc.integer({ min: 0, max: MAX_LAG_MS }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      fault: fc.constantFrom(CallFault.Hang, CallFault.Resent, CallFault.Late, CallFault.LostResponse),
      latencyMs: fc.integer({ min: 0, max: 500 }),
      landAfterMs: fc.integer({ min: 0, max: 120_000 }),
      lagMs: fc.integer({ min: 0, max: MAX_LAG_MS }),
    }),
  },
);

/**
 * Scenarios aimed at one question: DNS flapping between A and B across runs that follow each other
 * (short deadlines, spread starts), with calls that hang, land late or land twice. Random scenarios
 * rarely line those up; these do.
 */
export const flapScenarioArb: fc.Arbitrary<IpScenario> = fc.record({
  initial: fc.constant<Name[]>(['A']),
  checkDelayMs: fc.record({
    A: fc.integer({ min: 0, max: 5000 }),
    B: fc.integer({ min: 0, max: 5000 }),
    C: fc.constant(0),
  }),
  machines: fc.constant([]),
  runs: fc.array(
    fc.record({
      startAtMs: fc.integer({ min: 0, max: 150_000 }),
      answer: fc.constantFrom<AnswerSpec>({ kind: 'fixed', names: ['A'] }, { kind: 'fixed', names: ['B'] }),
      failover: fc.boolean(),
      deadlineInMs: fc.integer({ min: 20_000, max: 60_000 }),
      abortAtDeadline: fc.boolean(),
    }),
    { minLength: 2, maxLength: 5 },
  ),
  plans: fc.record({
    describe: fc.array(describePlan, { maxLength: 40 }),
    apply: fc.array(applyPlan, { maxLength: 16 }),
  }),
  lagMs: fc.integer({ min: 0, max: MAX_LAG_MS }),
  healthTimeoutSeconds: fc.integer({ min: 15, max: 40 }),
  onHealthTimeout: fc.constantFrom<'keep-old' | 'remove-old'>('keep-old', 'remove-old'),
  settleSeconds: fc.integer({ min: 0, max: 5 }),
  final: fc.constantFrom<Name>('A', 'B'),
});
