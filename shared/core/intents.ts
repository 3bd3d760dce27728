import type { Change, Described } from './step';
import { BackendHealth } from './types';

/** One change to a pool, written to the lease store before the call that makes it is sent. */
export interface ChangeIntent {
  readonly op: 'add' | 'remove';
  /** The member's key (`backendKey`, `relayKey`). */
  readonly key: string;
  /** Epoch milliseconds when the intent was written. */
  readonly atMs: number;
  /**
   * The latest a call sent under this intent can land: its holder's lease end (deadline plus the
   * late-landing margin). An SDK may re-send a request, and the copy land long after the first answer.
   */
  readonly landsByMs?: number;
}

export interface IntentOverlayOptions<A> {
  readonly intents: readonly ChangeIntent[];
  readonly nowMs: number;
  /** Intents older than this no longer say anything about the pool. */
  readonly horizonMs: number;
  /** How long after a change a describe may still show the state before it (eventual consistency). */
  readonly consistencyMs: number;
  /** How long after it was journaled a removal may still land (a call abandoned, or from a dead run). */
  readonly removalLandsWithinMs: number;
  readonly key: (address: A) => string;
  /** What this invocation added, by key: shown as pending until a describe lists it. */
  readonly addedThisRun: ReadonlyMap<string, A>;
  /** What this invocation removed, by key: draining, whatever a lagging describe says. */
  readonly removedThisRun: ReadonlySet<string>;
}

/**
 * The pool as the engine must believe it: the describe, corrected by what this invocation did and by
 * what the lease's journal says was done to it. Each correction only makes a removal less likely:
 *
 * - a member this invocation removed is draining, even if a lagging describe still lists it;
 * - a member whose removal was journaled (by any run) less than `removalLandsWithinMs` plus
 *   `consistencyMs` ago counts as draining (its removal is on its way), and if it was added again
 *   since, as present but not trusted healthy: 1. run A journals and sends DeregisterTargets(B), and
 *   dies, or its call is slow to land; 2. run C reads the pool and sees B healthy; 3. without this, C
 *   would count B as the healthy path that makes removing the last other member safe, and A's call
 *   would then land. After the window the describe is believed again: a removal journaled but never
 *   sent (the run died first) leaves B listed, and B is planned like any other member;
 * - a member whose add was journaled less than `consistencyMs` ago is not yet trusted healthy: 1. run A
 *   removes X; 2. run B re-adds X; 3. a describe that lags still shows X healthy from before the
 *   removal; 4. without this, B would remove the only member that really is healthy;
 * - a member this invocation added but the describe does not list yet, or lists as draining from
 *   before the add, is pending, not missing, so a lagging describe does not read as somebody else
 *   taking it away.
 */
export function applyIntents<A>(
  described: readonly Described<A>[],
  options: IntentOverlayOptions<A>,
): Described<A>[] {
  const sinceMs = options.nowMs - options.horizonMs;
  const latest = latestIntents(options.intents, sinceMs);
  // A later add does not cancel a removal that may still land: 1. run A's DeregisterTargets(X)
  // answers, but a retried copy is still on the wire; 2. run B adds X back; 3. X's removal lands.
  const removals = latestIntents(
    options.intents.filter((i) => i.op === 'remove'),
    sinceMs,
  );
  const ageOf = (intent: ChangeIntent) => options.nowMs - intent.atMs;
  const landsBy = (intent: ChangeIntent) => intent.landsByMs ?? intent.atMs + options.removalLandsWithinMs;
  const seen = new Set<string>();
  const corrected = described.map((member): Described<A> => {
    const key = options.key(member);
    seen.add(key);
    if (member.health === BackendHealth.Draining) {
      // Added back by this run, listed as it was before the add by a describe that lags: pending.
      return options.addedThisRun.has(key)
        ? { ...member, health: BackendHealth.Pending, state: `${member.state} (added again)` }
        : member;
    }
    if (options.removedThisRun.has(key)) {
      return { ...member, health: BackendHealth.Draining, state: `${member.state} (removed)` };
    }
    const removal = removals.get(key);
    const intent = latest.get(key);
    if (removal && options.nowMs < landsBy(removal) + options.consistencyMs) {
      // Its removal is on its way: gone, unless added back since, and then not trusted healthy.
      if (intent?.op === 'remove') {
        return { ...member, health: BackendHealth.Draining, state: `${member.state} (removal sent)` };
      }
      if (member.health === BackendHealth.Healthy) {
        return {
          ...member,
          health: BackendHealth.Pending,
          state: `${member.state} (removal may still land)`,
        };
      }
      return member;
    }
    if (
      member.health === BackendHealth.Healthy &&
      intent?.op === 'add' &&
      ageOf(intent) < options.consistencyMs
    ) {
      return { ...member, health: BackendHealth.Pending, state: `${member.state} (just added)` };
    }
    return member;
  });
  const unlisted = [...options.addedThisRun].filter(
    ([key]) => !seen.has(key) && !options.removedThisRun.has(key),
  );
  return [
    ...corrected,
    ...unlisted.map(([, address]): Described<A> => ({
      ...address,
      health: BackendHealth.Pending,
      state: 'added, not listed yet',
    })),
  ];
}

/** The latest intent per key written at or after `sinceMs`. */
export function latestIntents(intents: readonly ChangeIntent[], sinceMs: number): Map<string, ChangeIntent> {
  const latest = new Map<string, ChangeIntent>();
  for (const intent of intents) {
    if (intent.atMs < sinceMs) continue;
    const known = latest.get(intent.key);
    if (!known || intent.atMs >= known.atMs) latest.set(intent.key, intent);
  }
  return latest;
}

/**
 * The last line of invariant 3, checked against a fresh read just before a change is sent, whatever the
 * planner said: the change must leave a member that is not draining, and must not take away the last
 * healthy one. Returns why the change is unsafe, or undefined.
 */
export function unsafeChange<A>(
  current: readonly Described<A>[],
  change: Change<A>,
  key: (address: A) => string,
): string | undefined {
  const removed = new Set(change.kind === 'add' ? [] : change.remove.map(key));
  const live = current.filter((m) => m.health !== BackendHealth.Draining);
  const remaining = live.filter((m) => !removed.has(key(m)));
  const added =
    change.kind === 'remove' ? 0 : change.add.filter((a) => !remaining.some((m) => key(m) === key(a))).length;
  if (remaining.length + added === 0) return 'it would leave the pool without a backend';
  const healthy = (members: readonly Described<A>[]) =>
    members.some((m) => m.health === BackendHealth.Healthy);
  if (healthy(live) && !healthy(remaining)) return 'it would remove the last healthy backend';
  return undefined;
}
