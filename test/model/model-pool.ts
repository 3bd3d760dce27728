import { PoolApiError } from '../../shared/backends/errors';
import type { PoolStep } from '../../shared/backends/errors';
import type { CallContext, Pool } from '../../shared/backends/pool';
import type { Change, Described } from '../../shared/core/step';
import { BackendHealth } from '../../shared/core/types';
import type { Scheduler } from './scheduler';

/** What goes wrong with one call, if anything. */
export const CallFault = {
  None: 'none',
  /** Throttled or a 5xx: an error after one trip, and no effect. */
  Throttle: 'throttle',
  /** The effect lands, the answer is lost: the caller gets an error for a change that was made. */
  LostResponse: 'lost-response',
  /** No answer until the call's deadline or abort signal; the effect lands after `landAfterMs`, or never. */
  Hang: 'hang',
  /** The answer says done, the effect lands after `landAfterMs`. */
  Late: 'late',
  /** A retried request: the effect lands on time and once more after `landAfterMs`. */
  Resent: 'resent',
} as const;
export type CallFault = (typeof CallFault)[keyof typeof CallFault];

/** How the model treats one call; a test scripts these, one per call, in the order calls arrive. */
export interface CallPlan {
  readonly fault: CallFault;
  /** One way on the wire: the effect lands after it, the answer comes back after twice it. */
  readonly latencyMs: number;
  /** For `hang`, `late`, `resent`: when (after sending) the (second) effect lands; `undefined`: never. */
  readonly landAfterMs?: number;
  /** For a describe: how old the state it returns is. */
  readonly lagMs?: number;
}

export const CLEAN_CALL: CallPlan = { fault: CallFault.None, latencyMs: 0 };

/** Who changed the pool: a run (by its id) or the environment. */
export const ENVIRONMENT = 'env';

/** One entry of the monitor: a change that landed, and the pool's counts on both sides of it. */
export interface Landing {
  readonly atMs: number;
  readonly actor: string;
  readonly what: string;
  readonly nonDrainingBefore: number;
  readonly nonDrainingAfter: number;
  readonly healthyBefore: readonly string[];
  readonly healthyAfter: readonly string[];
  /** Non-draining members after the change, by key. */
  readonly membersAfter: readonly string[];
}

export interface Violation {
  readonly kind: 'emptied' | 'last-healthy-removed' | 'bad-add';
  readonly landing: Landing;
  readonly detail: string;
}

export interface ModelPoolOptions<A> {
  readonly scheduler: Scheduler;
  readonly id: string;
  /** `ip`: ELBv2/NLB words and draining; `relay`: CLB words, a removed member is gone at once. */
  readonly flavour: 'ip' | 'relay';
  readonly key: (member: A) => string;
  /** The machine behind a member: the environment kills and heals machines. */
  readonly instanceOf: (member: A) => string;
  /** How long a removed member is listed `draining` (ELBv2's deregistration delay); 0: gone at once. */
  readonly drainMs: number;
  /** How long after registration a member on a live machine passes its checks. */
  readonly checkDelayMs: (instance: string) => number;
  /** The plan of the next call; called once per call, in the order calls arrive. `what`: `describe`, `add 10.0.1.20:5432`, ... */
  readonly plans: (call: 'describe' | 'apply', caller: string, what: string) => CallPlan;
  /** Effects never land later than the call's deadline plus this (the design's late-landing margin). */
  readonly landingMarginMs: number;
  /**
   * False: every effect lands by the time its call answers or is abandoned, never after (the calls
   * still fail, hang or lose their answer). True (default): an effect may land after its call ended.
   */
  readonly lateLandings?: boolean;
  /** The largest describe lag the test uses: a machine dying or recovering that recently excuses a removal. */
  readonly maxLagMs: number;
  /** Checks what one of our adds puts in the pool; returns why it must not, or undefined. */
  readonly checkAdd?: (added: readonly A[]) => string | undefined;
}

interface Registration<A> {
  readonly member: A;
  readonly registeredAtMs: number;
  readonly drainingSinceMs?: number;
}

type Members<A> = ReadonlyMap<string, Registration<A>>;

const LONG_AGO_MS = 1e12;

/**
 * A load balancer pool for property tests, on the scheduler's clock, behind the real `Pool<A>` port:
 * members pass their checks some time after registration (or never, if their machine is dead), removed
 * members drain, describes may lag, calls fail, hang, land late or twice, and a monitor looks at the
 * pool after every change that lands. Each run talks to it through its own client (`clientFor`), so the
 * monitor knows who changed what.
 */
export function modelPool<A>(options: ModelPoolOptions<A>) {
  const { scheduler, key } = options;
  const history: { atMs: number; members: Members<A> }[] = [{ atMs: scheduler.now(), members: new Map() }];
  const alive = new Map<string, { atMs: number; alive: boolean }[]>();
  const landings: Landing[] = [];
  const violations: Violation[] = [];
  const excused: Violation[] = [];
  const sent: { caller: string; call: 'describe' | 'apply'; what: string; fault: CallFault }[] = [];

  const current = (): Members<A> => (history[history.length - 1] as { members: Members<A> }).members;
  const membersAt = (atMs: number): Members<A> => {
    for (let i = history.length - 1; i >= 0; i -= 1) {
      const entry = history[i] as { atMs: number; members: Members<A> };
      if (entry.atMs <= atMs) return entry.members;
    }
    return (history[0] as { members: Members<A> }).members;
  };
  const aliveAt = (instance: string, atMs: number): boolean => {
    let state = true;
    for (const change of alive.get(instance) ?? []) if (change.atMs <= atMs) state = change.alive;
    return state;
  };
  const healthOf = (r: Registration<A>, atMs: number): BackendHealth | undefined => {
    if (r.drainingSinceMs !== undefined) {
      return atMs < r.drainingSinceMs + options.drainMs ? BackendHealth.Draining : undefined;
    }
    const instance = options.instanceOf(r.member);
    if (!aliveAt(instance, atMs)) return BackendHealth.Unhealthy;
    return atMs >= r.registeredAtMs + options.checkDelayMs(instance)
      ? BackendHealth.Healthy
      : BackendHealth.Pending;
  };
  const WORDS: Record<'ip' | 'relay', Record<BackendHealth, string>> = {
    ip: { healthy: 'healthy', pending: 'initial', unhealthy: 'unhealthy', draining: 'draining' },
    relay: { healthy: 'normal', pending: 'unavailable', unhealthy: 'abnormal', draining: 'removing' },
  };
  /** The pool as a describe at `atMs` would list it. */
  const listAt = (members: Members<A>, atMs: number): Described<A>[] =>
    [...members.values()].flatMap((r) => {
      const health = healthOf(r, atMs);
      return health ? [{ ...r.member, health, state: WORDS[options.flavour][health] }] : [];
    });
  const counts = (atMs: number) => {
    const listed = listAt(current(), atMs);
    return {
      nonDraining: listed.filter((m) => m.health !== BackendHealth.Draining).map(key),
      healthy: listed.filter((m) => m.health === BackendHealth.Healthy).map(key),
    };
  };

  /** Every change to the pool goes through here: the monitor sees both sides of it. */
  const land = (actor: string, what: string, mutate: (next: Map<string, Registration<A>>) => void) => {
    const atMs = scheduler.now();
    const before = counts(atMs);
    const next = new Map(current());
    mutate(next);
    history.push({ atMs, members: next });
    const after = counts(atMs);
    const landing: Landing = {
      atMs,
      actor,
      what,
      nonDrainingBefore: before.nonDraining.length,
      nonDrainingAfter: after.nonDraining.length,
      healthyBefore: before.healthy,
      healthyAfter: after.healthy,
      membersAfter: after.nonDraining,
    };
    landings.push(landing);
    return landing;
  };

  const effect = (change: Change<A>, actor: string, sentAtMs: number) => {
    const removed = change.kind === 'add' ? [] : change.remove.map(key);
    const landing = land(actor, describeChange(change, key), (next) => {
      const atMs = scheduler.now();
      for (const k of removed) {
        const r = next.get(k);
        if (!r || r.drainingSinceMs !== undefined) continue;
        if (options.drainMs > 0) next.set(k, { ...r, drainingSinceMs: atMs });
        else next.delete(k);
      }
      if (change.kind !== 'remove') {
        for (const m of change.add) {
          const r = next.get(key(m));
          const listed = r && healthOf(r, atMs) !== undefined;
          if (listed && r.drainingSinceMs === undefined) continue;
          next.set(key(m), { member: m, registeredAtMs: atMs });
        }
      }
    });
    if (landing.nonDrainingBefore > 0 && landing.nonDrainingAfter === 0) {
      violations.push({
        kind: 'emptied',
        landing,
        detail: 'the pool has no member left that is not draining',
      });
    }
    const lastHealthy =
      landing.healthyBefore.length > 0 && landing.healthyBefore.every((k) => removed.includes(k));
    if (lastHealthy) {
      // A machine that died or recovered since the remover last looked, lag included, is the
      // environment's doing: the describe the removal was decided on could not show it yet.
      const since = sentAtMs - options.maxLagMs;
      const changedMeanwhile = [...alive.values()].some((changes) => changes.some((c) => c.atMs >= since));
      (changedMeanwhile ? excused : violations).push({
        kind: 'last-healthy-removed',
        landing,
        detail: `removed ${landing.healthyBefore.join(', ')}, the only healthy members`,
      });
    }
    const bad = change.kind === 'remove' ? undefined : options.checkAdd?.(change.add);
    if (bad) violations.push({ kind: 'bad-add', landing, detail: bad });
  };

  const client = (caller: string): Pool<A> => {
    /** Sends one call: `run` decides when effects land; the answer (or error) reaches the caller then. */
    const call = <T>(
      kind: 'describe' | 'apply',
      what: string,
      context: CallContext,
      run: (plan: CallPlan, sentAtMs: number) => { answerAtMs: number; answer: () => T } | 'hang',
    ): Promise<T> => {
      const plan = options.plans(kind, caller, what);
      sent.push({ caller, call: kind, what, fault: plan.fault });
      const step: PoolStep =
        kind === 'describe' ? 'describe' : what.startsWith('add') ? 'register' : 'deregister';
      return new Promise<T>((resolve, reject) => {
        let done = false;
        const settle = (outcome: () => void) => {
          if (done) return;
          done = true;
          context.abortSignal?.removeEventListener('abort', timeout);
          outcome();
        };
        const timeout = () =>
          settle(() =>
            reject(new PoolApiError(options.id, step, 'TimeoutError', 'no answer by the deadline')),
          );
        context.abortSignal?.addEventListener('abort', timeout, { once: true });
        if (context.abortSignal?.aborted) timeout();
        scheduler.at(context.deadlineMs, timeout);
        const outcome = run(plan, scheduler.now());
        if (outcome === 'hang') return;
        scheduler.at(outcome.answerAtMs, () =>
          settle(() => {
            try {
              resolve(outcome.answer());
            } catch (error) {
              reject(error);
            }
          }),
        );
      });
    };
    const fail = (step: PoolStep, code: string) => () => {
      throw new PoolApiError(options.id, step, code, 'injected by the model');
    };
    return {
      id: options.id,
      key,
      describe: (context) =>
        call('describe', 'describe', context, (plan) => {
          const answerAtMs = scheduler.now() + 2 * plan.latencyMs;
          if (plan.fault === CallFault.Hang) return 'hang';
          if (plan.fault === CallFault.Throttle) {
            return { answerAtMs, answer: fail('describe', 'ThrottlingException') };
          }
          return {
            answerAtMs,
            answer: () => {
              const asOf = scheduler.now() - Math.min(plan.lagMs ?? 0, options.maxLagMs);
              return listAt(membersAt(asOf), asOf);
            },
          };
        }),
      apply: (change, context) =>
        call('apply', describeChange(change, key), context, (plan, sentAtMs) => {
          const answerAtMs = sentAtMs + 2 * plan.latencyMs;
          const callEndMs = Math.min(
            context.deadlineMs,
            plan.fault === CallFault.Hang ? Number.POSITIVE_INFINITY : answerAtMs,
          );
          const capMs =
            options.lateLandings === false ? callEndMs : context.deadlineMs + options.landingMarginMs - 1;
          const landAt = (afterMs: number) =>
            scheduler.at(Math.min(sentAtMs + afterMs, capMs), () => effect(change, caller, sentAtMs));
          const step: PoolStep = change.kind === 'add' ? 'register' : 'deregister';
          const ok = () => undefined;
          switch (plan.fault) {
            case CallFault.None:
              landAt(plan.latencyMs);
              return { answerAtMs, answer: ok };
            case CallFault.Throttle:
              return { answerAtMs: sentAtMs + plan.latencyMs, answer: fail(step, 'ThrottlingException') };
            case CallFault.LostResponse:
              landAt(plan.latencyMs);
              return { answerAtMs, answer: fail(step, 'InternalFailure') };
            case CallFault.Late:
              landAt(plan.landAfterMs ?? plan.latencyMs);
              return { answerAtMs, answer: ok };
            case CallFault.Resent:
              landAt(plan.latencyMs);
              if (plan.landAfterMs !== undefined) landAt(plan.landAfterMs);
              return { answerAtMs, answer: ok };
            case CallFault.Hang:
              if (plan.landAfterMs !== undefined) landAt(plan.landAfterMs);
              return 'hang';
          }
        }),
    };
  };

  return {
    /** The pool as seen by the run `caller`. */
    clientFor: client,
    /** Puts members in the pool, registered long ago: healthy if their machine is alive. */
    seed(members: readonly A[]) {
      const next = new Map(current());
      for (const m of members) next.set(key(m), { member: m, registeredAtMs: scheduler.now() - LONG_AGO_MS });
      (history[history.length - 1] as { members: Members<A> }).members = next;
    },
    /** The environment kills or heals a machine now. */
    setAlive(instance: string, isAlive: boolean) {
      const changes = alive.get(instance) ?? [];
      alive.set(instance, [...changes, { atMs: scheduler.now(), alive: isAlive }]);
      land(ENVIRONMENT, `${isAlive ? 'heal' : 'kill'} ${instance}`, () => undefined);
    },
    /** Members listed now, not draining, by key, sorted. */
    live: () => counts(scheduler.now()).nonDraining.slice().sort(),
    healthy: () => counts(scheduler.now()).healthy.slice().sort(),
    /** The pool now, as an up-to-date describe lists it. */
    listNow: () => listAt(current(), scheduler.now()),
    landings,
    violations,
    /** Last-healthy removals the environment caused (a machine died or recovered within the lag). */
    excused,
    sent,
    /** Changes that landed, made by runs (not the environment). */
    ourLandings: () => landings.filter((l) => l.actor !== ENVIRONMENT),
  };
}

export type ModelPool<A> = ReturnType<typeof modelPool<A>>;

function describeChange<A>(change: Change<A>, key: (m: A) => string): string {
  const list = (members: readonly A[]) => members.map(key).join(',');
  switch (change.kind) {
    case 'add':
      return `add ${list(change.add)}`;
    case 'remove':
      return `remove ${list(change.remove)}`;
    case 'replace':
      return `replace ${list(change.remove)} -> ${list(change.add)}`;
  }
}
