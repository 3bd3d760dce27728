import { applyIntents, unsafeChange } from '../core/intents';
import type { ChangeIntent } from '../core/intents';
import { INTENT_HORIZON_MS, LATE_LANDING_MARGIN_MS } from '../lease/lease';
import type { PoolLease } from '../lease/lease';
import { poll } from '../core/poll';
import type { PollVerdict } from '../core/poll';
import type { BackendView, PoolReport } from '../core/report';
import type { Change, Described, Planner, Step } from '../core/step';
import { BackendHealth, Outcome } from '../core/types';
import type { Clock } from '../core/types';
import type { BindingPolicy } from '../core/config-types';
import type { CallContext, Pool } from '../backends/pool';
import { emit } from './loop-events';
import type { LoopEventSinks } from './loop-events';
import { poolFailureOf } from './pool-failure';
import { poolJournal } from './pool-journal';

/** Changes per pool per invocation: an add, a removal and a swap or two; more means a fight. */
const MAX_CHANGES = 6;
/** Time kept after a health wait for the read and the call that follow it. */
const FOLLOW_UP_MS = 3000;

export interface ConvergeOptions<A> {
  readonly pool: Pool<A>;
  readonly planner: Planner<A>;
  /** The pool as first described in this invocation, for the report. */
  readonly before: readonly Described<A>[];
  /** The first view to plan on; when absent (a lease was just taken) the pool is read afresh. */
  readonly initial?: readonly Described<A>[];
  readonly lease: PoolLease;
  readonly binding: string;
  readonly policy: Pick<BindingPolicy, 'healthTimeoutSeconds' | 'healthPollMs'>;
  /** How long after an add a describe may still show an older state. */
  readonly consistencyMs: number;
  readonly call: CallContext;
  /** When the binding's reconcile started, for `atMs` in the actions. */
  readonly startedMs: number;
  readonly clock: Clock;
  readonly events: LoopEventSinks;
  /**
   * Asked about the members an `add` would register, before it is journaled or sent (the binding's
   * probe): members that do not pass hold the pool as it is, a failed outcome reported and alerted.
   */
  readonly admit?: (members: readonly A[]) => Promise<{ readonly passed: boolean; readonly detail: string }>;
}

/**
 * The engine: brings one pool where its planner wants it, for every pool kind. It asks the planner for
 * the next step until the answer is final (in sync, hold, refuse), and carries out each step:
 *
 * - add, remove, replace: written to the lease's journal first, then sent; an add is probed before
 *   that when the binding asks (`admit`); a removal is decided again on a fresh read just before it is
 *   sent, and refused if it would take the last working path away;
 * - await-health: polls the pool until the planner moves on or the health deadline passes.
 *
 * Level-triggered: every step is decided on the pool as it is, so a retried or killed invocation picks
 * up wherever the pool is. Returns the pool's report; API and lease errors become a failed outcome.
 */
export async function converge<A>(options: ConvergeOptions<A>): Promise<PoolReport> {
  const { pool, planner, lease, clock, events, call } = options;
  const view = (members: readonly Described<A>[]): BackendView[] =>
    members.map((m) => ({ target: pool.key(m), state: m.state }));
  const journal = poolJournal({
    binding: options.binding,
    pool: pool.id,
    before: view(options.before),
    bindingStartedMs: options.startedMs,
    clock,
    events,
  });
  // The wait for health ends early enough for what follows it: a fresh read and a removal.
  const followUpMs = Math.min(FOLLOW_UP_MS, Math.max(0, call.deadlineMs - clock.now()) / 4);
  const healthDeadlineMs = Math.min(
    journal.poolStartedMs + options.policy.healthTimeoutSeconds * 1000,
    call.deadlineMs - followUpMs,
  );
  const addedThisRun = new Map<string, A>();
  const removedThisRun = new Set<string>();
  // The pool as the load balancer last described it, and as the engine must believe it: corrected by
  // what this run and the journal did since (see `applyIntents`).
  let described: readonly Described<A>[] = options.initial ?? options.before;
  const believed = () =>
    applyIntents(described, {
      intents: lease.intents(),
      nowMs: clock.now(),
      horizonMs: INTENT_HORIZON_MS,
      consistencyMs: options.consistencyMs,
      removalLandsWithinMs: LATE_LANDING_MARGIN_MS,
      key: (m) => pool.key(m),
      addedThisRun,
      removedThisRun,
    });
  const read = async () => {
    described = await pool.describe(call);
    return believed();
  };
  const decide = (members: readonly Described<A>[]) =>
    planner({ current: members, healthDeadlinePassed: clock.now() >= healthDeadlineMs, removedThisRun });

  let current: readonly Described<A>[] = options.before;
  // Changes sent, for the outcome; changes decided (some then decided away on a fresh read), for the
  // bound on how long a fight with something else may go on.
  let changes = 0;
  let attempts = 0;
  const finish = (outcome: Outcome, reason: string, extra: Partial<PoolReport> = {}) =>
    journal.finish(outcome, reason, view(current), extra);

  try {
    current = options.initial ?? (await read());
    for (;;) {
      let step = decide(current);
      emit(events, {
        type: 'planned',
        atMs: clock.now(),
        binding: options.binding,
        pool: pool.id,
        step: step.kind,
        before: view(current),
      });
      switch (step.kind) {
        case 'in-sync':
          if (changes > 0)
            return finish(Outcome.Swapped, withDrift('pool now matches what it must hold', step));
          return step.drift?.length
            ? finish(Outcome.Drift, step.drift.join('; '))
            : finish(Outcome.InSync, 'pool already matches what it must hold');
        case 'refuse':
          return finish(Outcome.Refused, `refused: ${step.refusal.reason}: ${step.refusal.detail}`, {
            refusal: step.refusal,
          });
        case 'hold':
          return finish(Outcome.Failed, withDrift(step.reason, step));
        case 'await-health': {
          const startedMs = clock.now();
          const delayMs = await healthPollDelay(options, step.waitingFor);
          await poll(
            async (): Promise<PollVerdict<Step<A>>> => {
              current = await read();
              const next = decide(current);
              return { state: next.kind === 'await-health' ? 'retry' : 'success', value: next };
            },
            {
              clock,
              deadlineMs: healthDeadlineMs,
              initialDelayMs: delayMs(),
              delayMs,
              ...(call.abortSignal ? { abortSignal: call.abortSignal } : {}),
            },
          );
          const healthy = new Set(
            current.filter((m) => m.health === BackendHealth.Healthy).map((m) => pool.key(m)),
          );
          const late = keysOf(pool, step.waitingFor).filter((key) => !healthy.has(key));
          const result = late.length === 0 ? 'healthy' : `not healthy: ${late.join(', ')}`;
          journal.record(
            'wait-healthy',
            step.waitingFor.map((m) => pool.key(m)),
            startedMs,
            result,
          );
          break;
        }
        case 'add':
        case 'remove':
        case 'replace': {
          if ((attempts += 1) > MAX_CHANGES) {
            return finish(
              Outcome.Failed,
              `still changing after ${MAX_CHANGES} changes: something else is changing the pool`,
            );
          }
          if (step.kind !== 'add') {
            // Decided on a read that may be minutes old: decide again on a fresh one, under the lease.
            current = await read();
            step = decide(current);
            if (step.kind !== 'remove' && step.kind !== 'replace') continue;
            const unsafe = unsafeChange(current, step, (m) => pool.key(m));
            if (unsafe)
              return finish(Outcome.Failed, `kept ${keysOf(pool, step.remove).join(', ')}: ${unsafe}`);
          }
          // Only adds are probed: IP pools, the only ones with a probe, add and remove but never replace,
          // and a probe's seconds must not sit between a removal's fresh read and its call.
          if (options.admit && step.kind === 'add') {
            const probedMs = clock.now();
            const verdict = await options.admit(step.add);
            journal.record('probe', keysOf(pool, step.add), probedMs, verdict.detail);
            if (!verdict.passed) return finish(Outcome.Failed, verdict.detail);
          }
          await send(step, options, { journal, addedThisRun, removedThisRun });
          changes += 1;
          // After an add, no describe: the health wait that follows reads the pool anyway, so the next
          // step is planned on the last describe corrected by the add (`believed`). After a removal or a
          // swap, the pool is read once more: the report's `after` is what the load balancer says, and a
          // relay swapped out is gone from a describe, not draining.
          current = step.kind === 'add' ? believed() : await read();
          break;
        }
      }
    }
  } catch (error) {
    const failure = poolFailureOf(error);
    return finish(Outcome.Failed, failure.reason, failure.error ? { error: failure.error } : {});
  }
}

/** Journal first, then the call: if the call lands late or the run dies, the next holder knows. */
async function send<A>(
  change: Change<A>,
  { pool, lease, call, clock }: ConvergeOptions<A>,
  state: {
    journal: ReturnType<typeof poolJournal>;
    addedThisRun: Map<string, A>;
    removedThisRun: Set<string>;
  },
): Promise<void> {
  const added = change.kind === 'remove' ? [] : change.add;
  const removed = change.kind === 'add' ? [] : change.remove;
  await lease.intend([
    ...removed.map((m) => ({ op: 'remove' as const, key: pool.key(m) })),
    ...added.map((m) => ({ op: 'add' as const, key: pool.key(m) })),
  ]);
  const startedMs = clock.now();
  await pool.apply(change, call);
  for (const m of added) state.addedThisRun.set(pool.key(m), m);
  for (const m of removed) {
    state.removedThisRun.add(pool.key(m));
    state.addedThisRun.delete(pool.key(m));
  }
  switch (change.kind) {
    case 'add':
      return state.journal.record('register', keysOf(pool, added), startedMs);
    case 'remove':
      return state.journal.record('deregister', keysOf(pool, removed), startedMs, change.because);
    case 'replace':
      return state.journal.record(
        'replace',
        keysOf(pool, added),
        startedMs,
        pool.replaceResult?.(keysOf(pool, removed), keysOf(pool, added)) ??
          `swapped out ${keysOf(pool, removed).join(', ')} (failing)`,
      );
  }
}

/**
 * The wait before each health poll, counted from when the awaited members were added (journaled):
 *
 * - the pool's own schedule when it has one (when its health check can first pass), never longer than
 *   the binding's `healthPollMs`, which is all there is without one;
 * - never before the consistency window of the add has passed: until then a describe showing the member
 *   healthy is not believed (`applyIntents`), so the wait could not end and the next poll would repeat it.
 */
async function healthPollDelay<A>(
  { pool, lease, policy, consistencyMs, call, clock }: ConvergeOptions<A>,
  waitingFor: readonly A[],
): Promise<() => number> {
  const addedAtMs = latestAddOf(lease.intents(), keysOf(pool, waitingFor));
  const schedule = await pool.healthPollSchedule?.(call);
  return () => {
    const sinceAddedMs = clock.now() - addedAtMs;
    const scheduledMs = schedule
      ? Math.min(policy.healthPollMs, schedule(sinceAddedMs))
      : policy.healthPollMs;
    return Math.max(0, consistencyMs - sinceAddedMs, scheduledMs);
  };
}

/**
 * When the last of `keys` was added, by the journal: the wait ends when all of them are healthy. Minus
 * infinity when none has an add in it (added by hand, or longer ago than the journal keeps): they may
 * turn healthy at any check.
 */
function latestAddOf(intents: readonly ChangeIntent[], keys: readonly string[]): number {
  const wanted = new Set(keys);
  return intents
    .filter((i) => i.op === 'add' && wanted.has(i.key))
    .reduce((latest, i) => Math.max(latest, i.atMs), Number.NEGATIVE_INFINITY);
}

const keysOf = <A>(pool: Pool<A>, members: readonly A[]) => members.map((m) => pool.key(m));

function withDrift(reason: string, step: { readonly drift?: readonly string[] }): string {
  return step.drift?.length ? `${reason}; ${step.drift.join('; ')}` : reason;
}
