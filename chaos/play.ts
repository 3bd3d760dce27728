import type { Report } from '../shared/core/report';
import type { Resolution } from '../shared/core/resolution';
import { INTENT_HORIZON_MS, LATE_LANDING_MARGIN_MS } from '../shared/lease/lease';
import { DEFAULT_CONSISTENCY_MS } from '../shared/reconcile/sync-pool';

import { RELAYS } from './episode';
import type { DnsSpec, Episode } from './episode';
import { ALLOWED_CIDR, chaosWorld, failoverTriggerFor, IPS, MAX_BACKENDS, PORT } from './world';
import type { ChaosWorld } from './world';
import { cidrMatcher } from '../shared/core/cidr';

export interface EpisodeResult {
  readonly episode: Episode;
  /** Invariant violations, one line each. */
  readonly violations: readonly string[];
  /** Runs whose last pool call (or report) ended after their deadline, one line each. */
  readonly overruns: readonly string[];
  readonly crashes: number;
  /** Holds exactly the final answer after the first clean run / after the second one. */
  readonly convergedFirst: boolean;
  readonly converged: boolean;
  /** The check run after convergence changed nothing. */
  readonly quiet: boolean;
  /** Virtual ms from the change (DNS move, relay death) to the pool holding what it must for good. */
  readonly consistentAfterMs?: number;
  /** The pool held what it must for good before the faults stopped: the chaos runs got there themselves. */
  readonly consistentUnderFaults: boolean;
  readonly injected: ReadonlyMap<string, number>;
  /** The story: episode events, calls and landings, in virtual time. */
  readonly log: () => string[];
}

const resolved = (...addresses: string[]): Resolution => ({
  ok: true,
  addresses,
  ttlSeconds: 5,
  chain: ['orders.cluster-abc.example.com'],
  server: '10.0.0.2',
});

function answerOf(spec: DnsSpec, changeAtMs: number): (atMs: number) => Resolution {
  const A = IPS.A as string;
  const B = IPS.B as string;
  switch (spec.kind) {
    case 'follows':
      return (atMs) => resolved(atMs < changeAtMs + spec.lagMs ? A : B);
    case 'flap':
      return (atMs) =>
        resolved(
          atMs < changeAtMs + spec.lagMs || (atMs >= spec.backAtMs && atMs < spec.backAtMs + spec.forMs)
            ? A
            : B,
        );
    case 'stale':
      return () => resolved(A);
    case 'nxdomain':
      return () => ({ ok: false, failure: 'nxdomain', detail: 'no such name' });
    case 'outside-cidrs':
      return () => resolved('54.1.2.3');
    case 'too-many':
      return () => resolved(A, B, IPS.C as string);
  }
}

/** What the pool must hold once everything settles, by key. */
function finalMembers(e: Episode): string[] {
  if (e.kind !== 'alicloud-clb') return [`${IPS.B}:${PORT}`];
  const dead = new Set<string>();
  for (const m of [...e.machines].sort((a, b) => a.atMs - b.atMs)) {
    if (m.alive) dead.delete(m.machine);
    else dead.add(m.machine);
  }
  return RELAYS.filter((r) => !dead.has(r))
    .slice(0, e.activeRelays)
    .map((r) => `${r}:${PORT}`)
    .sort();
}

/** For a relay group any `activeRelays` live relays will do, not necessarily the first ones. */
function holdsFinal(e: Episode, members: readonly string[]): boolean {
  const want = finalMembers(e);
  if (e.kind !== 'alicloud-clb')
    return members.length === want.length && want.every((k) => members.includes(k));
  const live = new Set(
    RELAYS.filter((r) => finalMembers({ ...e, activeRelays: RELAYS.length }).includes(`${r}:${PORT}`)).map(
      (r) => `${r}:${PORT}`,
    ),
  );
  return members.length === want.length && members.every((k) => live.has(k));
}

/**
 * Plays one episode: the chaos phase (runs overlapping, faults, crashes, flaps), the wait for every late
 * landing, then clean runs with DNS settled; checks the invariants on every landing and every call.
 */
export async function playEpisode(e: Episode): Promise<EpisodeResult> {
  const world = chaosWorld(e);
  const { scheduler, t0 } = world;
  const events: { atMs: number; text: string }[] = [];
  const note = (text: string) => events.push({ atMs: scheduler.now() - t0, text });
  const overruns: string[] = [];
  let crashes = 0;

  for (const m of e.machines) {
    scheduler.at(t0 + m.atMs, () => {
      note(`env: ${m.alive ? 'heal' : 'kill'} ${m.machine}`);
      world.setAlive(m.machine, m.alive);
    });
  }
  if (!world.isRelay) scheduler.at(t0 + e.changeAtMs, () => note(`DNS moves A -> B`));

  const finishRun = (runId: string, deadlineMs: number, report: Report) => {
    const endedMs = scheduler.now();
    const pool = report.bindings[0]?.pools[0];
    note(`${runId}: ${pool ? `${pool.outcome}: ${pool.reason}` : JSON.stringify(report.outcomes)}`);
    if (endedMs > deadlineMs)
      overruns.push(`${runId} reported at ${endedMs - t0} ms, deadline ${deadlineMs - t0} ms`);
  };

  const reports = Promise.all(
    e.runs.map(
      (run, i) =>
        new Promise<void>((resolve, reject) =>
          scheduler.at(t0 + run.startAtMs, () => {
            const runId = `run-${i + 1}`;
            note(
              `${runId} starts: ${run.failover ? 'failover event' : 'schedule'}, DNS ${JSON.stringify(run.dns)}, deadline +${run.deadlineInMs} ms${run.crash ? `, dies at call ${run.crash.atCall} (${run.crash.mode})` : ''}`,
            );
            const handle = world.start({
              runId,
              answer: answerOf(run.dns, e.changeAtMs),
              trigger: run.failover ? failoverTriggerFor(e) : { kind: 'schedule' },
              deadlineInMs: run.deadlineInMs,
              abortAtDeadline: run.abortAtDeadline,
              ...(run.crash ? { kill: run.crash } : {}),
            });
            let reported = false;
            if (run.crash) {
              // A dead run never reports: it is done for the campaign once it is dead and its deadline passed.
              const check = () => {
                if (reported) return;
                if (!handle.kill.dead()) return scheduler.at(scheduler.now() + 10_000, check);
                crashes += 1;
                note(`${runId} died after ${handle.kill.calls.length} calls`);
                resolve();
              };
              scheduler.at(handle.deadlineMs, check);
            }
            handle.report.then((report) => {
              reported = true;
              finishRun(runId, handle.deadlineMs, report);
              resolve();
            }, reject);
          }),
        ),
    ),
  );
  await scheduler.drive(reports);
  const lastDeadlineMs = Math.max(...e.runs.map((r) => t0 + r.startAtMs + r.deadlineInMs));
  const lastMachineMs = Math.max(0, ...e.machines.map((m) => t0 + m.atMs));
  // Convergence is owed once no chaos call can still land and a describe can no longer lag behind one
  // (the consistency window, 5 s by default): until then a journaled removal is rightly distrusted.
  await scheduler.advanceTo(
    Math.max(lastDeadlineMs + LATE_LANDING_MARGIN_MS + DEFAULT_CONSISTENCY_MS, lastMachineMs) + 1000,
  );

  world.stopFaults();
  const faultsStoppedMs = scheduler.now();
  note('faults stop; DNS settled');
  const clean = async (runId: string) => {
    const run = world.start({
      runId,
      answer: () => resolved(IPS.B as string),
      trigger: { kind: 'schedule' },
      deadlineInMs: 600_000,
      abortAtDeadline: true,
    });
    const report = await scheduler.drive(run.report);
    finishRun(runId, run.deadlineMs, report);
  };
  await clean('clean-1');
  const convergedFirst = holdsFinal(e, world.pool.live());
  let converged = convergedFirst;
  if (!converged) {
    // The next scheduled check, once the journal's intents have aged out.
    await scheduler.advanceTo(scheduler.now() + INTENT_HORIZON_MS + 1000);
    note('ten minutes later');
    await clean('clean-2');
    converged = holdsFinal(e, world.pool.live());
  }
  const landedBefore = world.pool.landings.length;
  await clean('check');
  const quiet = world.pool.landings.length === landedBefore;

  const violations = invariantViolations(e, world);
  for (const c of world.calls) {
    if (c.endedAtMs !== undefined && c.endedAtMs > c.deadlineMs) {
      overruns.push(
        `${c.caller}: ${c.what} ended at ${c.endedAtMs - t0} ms, deadline ${c.deadlineMs - t0} ms`,
      );
    }
  }
  return {
    episode: e,
    violations,
    overruns,
    crashes,
    convergedFirst,
    converged,
    quiet,
    ...consistency(e, world, faultsStoppedMs),
    injected: world.injected,
    log: () => storyOf(world, events),
  };
}

/** The model's monitor (emptied, last healthy removed, bad add), plus bounds on every landing's members. */
function invariantViolations(e: Episode, world: ChaosWorld): string[] {
  const at = (ms: number) => `${ms - world.t0} ms`;
  const out = world.pool.violations.map(
    (v) => `${at(v.landing.atMs)} ${v.kind} by ${v.landing.actor}: ${v.detail}`,
  );
  const allowed = cidrMatcher([ALLOWED_CIDR]);
  const max = world.isRelay ? RELAYS.length : MAX_BACKENDS;
  for (const l of world.pool.landings) {
    if (l.membersAfter.length > max)
      out.push(`${at(l.atMs)} ${l.actor}: ${l.membersAfter.length} members, max ${max}`);
    if (!world.isRelay) {
      const outside = l.membersAfter.filter((k) => !allowed(k.split(':')[0] as string));
      if (outside.length > 0)
        out.push(`${at(l.atMs)} ${l.actor}: ${outside.join(', ')} outside ${ALLOWED_CIDR}`);
    }
  }
  if (e.kind === 'alicloud-clb' && world.pool.landings.length === 0) return out;
  return out;
}

/** From the change to the first landing after which the pool held what it must, and kept holding it. */
function consistency(
  e: Episode,
  world: ChaosWorld,
  faultsStoppedMs: number,
): { consistentAfterMs?: number; consistentUnderFaults: boolean } {
  const changeMs = world.t0 + e.changeAtMs;
  const landings = world.pool.landings;
  let since: number | undefined;
  for (const l of landings) {
    if (holdsFinal(e, l.membersAfter)) since ??= l.atMs;
    else since = undefined;
  }
  return since === undefined
    ? { consistentUnderFaults: false }
    : { consistentAfterMs: Math.max(0, since - changeMs), consistentUnderFaults: since < faultsStoppedMs };
}

function storyOf(world: ChaosWorld, events: { atMs: number; text: string }[]): string[] {
  const lines = [
    ...events.map((ev) => ({ atMs: ev.atMs, text: ev.text })),
    ...world.calls
      .filter((c) => c.what !== 'describe' || c.fault !== 'none')
      .map((c) => ({
        atMs: c.sentAtMs - world.t0,
        text: `${c.caller}: sends ${c.what}${c.fault !== 'none' ? ` [${c.fault}]` : ''}${c.endedAtMs !== undefined ? `, answered at ${c.endedAtMs - world.t0} ms` : ', never answered'}`,
      })),
    ...world.pool.landings.map((l) => ({
      atMs: l.atMs - world.t0,
      text: `LANDS ${l.actor}: ${l.what} -> [${l.membersAfter.join(' ')}] healthy [${l.healthyAfter.join(' ')}]`,
    })),
  ];
  return lines
    .map((l, i) => ({ ...l, i }))
    .sort((a, b) => a.atMs - b.atMs || a.i - b.i)
    .map((l) => `${String(l.atMs).padStart(7)} ms  ${l.text}`);
}
