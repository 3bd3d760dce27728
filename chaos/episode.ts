/**
 * One chaos episode as data: what the world is, what DNS says to whom and when, which runs start when,
 * which calls fail and how, and which runs die. Drawn from a seed; kept as data so that a violating
 * episode prints whole and shrinks by dropping parts of it.
 */

export type PoolKind = 'aws-elbv2' | 'alicloud-nlb' | 'alicloud-clb';
export const POOL_KINDS: readonly PoolKind[] = ['aws-elbv2', 'alicloud-nlb', 'alicloud-clb'];

/** What goes wrong with one describe. */
export type DescribeFaultKind = 'none' | 'throttle' | '5xx' | 'hang' | 'describe-lag';
/** What goes wrong with one change. `job-stuck` and `job-failed` are NLB jobs: the change shows at once and the job times out, or nothing changes and the job ends `Failed`. */
export type ApplyFaultKind =
  'none' | 'throttle' | '5xx' | 'hang' | 'lost-response' | 'resent' | 'job-stuck' | 'job-failed';

export interface DescribeFault {
  readonly kind: DescribeFaultKind;
  readonly latencyMs: number;
  readonly lagMs: number;
}

export interface ApplyFault {
  readonly kind: ApplyFaultKind;
  readonly latencyMs: number;
  /** For hang and resent: when after sending the (second) effect lands (undefined: never); for NLB jobs: how long until the adapter gives up. */
  readonly landAfterMs?: number;
}

/** What one run's resolver answers, by virtual time since the episode began. */
export type DnsSpec =
  /** Old primary before the change plus this resolver's lag, new primary after. */
  | { readonly kind: 'follows'; readonly lagMs: number }
  /** Follows, but answers the old primary again for a while: a resolver flapping. */
  | { readonly kind: 'flap'; readonly lagMs: number; readonly backAtMs: number; readonly forMs: number }
  /** Still answers the old primary: a stale cache behind a late "failover started" event. */
  | { readonly kind: 'stale' }
  | { readonly kind: 'nxdomain' }
  | { readonly kind: 'outside-cidrs' }
  | { readonly kind: 'too-many' };

export interface Crash {
  /** 1-based, counting the run's pool and lease store calls together. */
  readonly atCall: number;
  readonly mode: 'after' | 'in-flight';
}

export interface RunSpec {
  readonly startAtMs: number;
  readonly dns: DnsSpec;
  /** A "failover" event (settles first) or a scheduled check. */
  readonly failover: boolean;
  readonly deadlineInMs: number;
  readonly abortAtDeadline: boolean;
  readonly crash?: Crash;
}

export interface MachineChange {
  readonly atMs: number;
  /** An IP name (A, B, C) or a relay id. */
  readonly machine: string;
  readonly alive: boolean;
}

export interface Episode {
  readonly index: number;
  readonly kind: PoolKind;
  /** When DNS moves from A to B (IP pools), or when the serving relay dies (relay groups). */
  readonly changeAtMs: number;
  readonly checkDelayMs: number;
  /** How long a removed member is listed draining / `Removing`; 0 for a CLB group. */
  readonly drainMs: number;
  readonly healthTimeoutSeconds: number;
  readonly onHealthTimeout: 'keep-old' | 'remove-old';
  readonly settleSeconds: number;
  readonly activeRelays: number;
  readonly runs: readonly RunSpec[];
  readonly machines: readonly MachineChange[];
  readonly describes: readonly DescribeFault[];
  readonly applies: readonly ApplyFault[];
}

/** mulberry32: small, fast and the same on every machine, so `--seed` replays a campaign exactly. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
export type Prng = ReturnType<typeof prng>;

/** Under the engine's 5000 ms consistency window, as the design assumes (see test/model/ip-world.ts). */
export const MAX_LAG_MS = 4000;
export const RELAYS = ['i-relay1', 'i-relay2', 'i-relay3'] as const;

function describeFault(r: Prng): DescribeFault {
  const kind = r.chance(0.7)
    ? 'none'
    : r.pick<DescribeFaultKind>(['throttle', '5xx', 'hang', 'describe-lag', 'describe-lag']);
  return {
    kind,
    latencyMs: r.int(10, 500),
    lagMs: kind === 'describe-lag' ? r.int(1000, MAX_LAG_MS) : r.int(0, 300),
  };
}

function applyFault(r: Prng, kind: PoolKind): ApplyFault {
  const jobs: ApplyFaultKind[] = kind === 'alicloud-nlb' ? ['job-stuck', 'job-stuck', 'job-failed'] : [];
  const chosen = r.chance(0.55)
    ? 'none'
    : r.pick<ApplyFaultKind>(['throttle', '5xx', 'hang', 'lost-response', 'resent', ...jobs]);
  const latencyMs = r.int(10, 500);
  switch (chosen) {
    case 'hang':
      return { kind: chosen, latencyMs, ...(r.chance(0.6) ? { landAfterMs: r.int(0, 150_000) } : {}) };
    case 'resent':
      return { kind: chosen, latencyMs, landAfterMs: r.int(1000, 120_000) };
    case 'job-stuck':
    case 'job-failed':
      // How long the adapter waits on the job before it gives up (`JobTimeout`) or reads `Failed`.
      return { kind: chosen, latencyMs, landAfterMs: r.int(1000, 60_000) };
    default:
      return { kind: chosen, latencyMs };
  }
}

function dnsSpec(r: Prng, lagMs: number): DnsSpec {
  const roll = r.next();
  if (roll < 0.6) return { kind: 'follows', lagMs };
  if (roll < 0.8) return { kind: 'flap', lagMs, backAtMs: r.int(0, 120_000), forMs: r.int(1000, 60_000) };
  if (roll < 0.88) return { kind: 'stale' };
  return r.pick<DnsSpec>([{ kind: 'nxdomain' }, { kind: 'outside-cidrs' }, { kind: 'too-many' }]);
}

/** Draws episode `index` of a campaign from its own generator, so episodes do not depend on each other. */
export function drawEpisode(seed: number, index: number): Episode {
  const r = prng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const kind = r.pick(POOL_KINDS);
  const changeAtMs = r.int(0, 30_000);
  const checkDelayMs = r.int(0, 15_000);
  const dnsLagMs = r.int(0, 30_000);
  const runCount = r.int(2, 5);
  const runs: RunSpec[] = [];
  for (let i = 0; i < runCount; i += 1) {
    runs.push({
      startAtMs: r.int(0, 120_000),
      dns: dnsSpec(r, r.int(0, dnsLagMs)),
      failover: r.chance(0.6),
      deadlineInMs: r.int(20_000, 180_000),
      abortAtDeadline: r.chance(0.5),
      ...(r.chance(0.25)
        ? { crash: { atCall: r.int(1, 20), mode: r.pick(['after', 'in-flight'] as const) } }
        : {}),
    });
  }
  const machines: MachineChange[] = [];
  const activeRelays = r.int(1, 2);
  if (kind === 'alicloud-clb') {
    // The serving relay dies at the change; sometimes a spare dies too, or the dead one comes back.
    machines.push({ atMs: changeAtMs, machine: RELAYS[0], alive: false });
    const healed = r.chance(0.3);
    if (healed) machines.push({ atMs: changeAtMs + r.int(1000, 120_000), machine: RELAYS[0], alive: true });
    if (r.chance(0.3)) {
      // A spare dies too; it comes back when it is needed to keep `activeRelays` live relays in the end.
      const at = r.int(0, 150_000);
      machines.push({ atMs: at, machine: RELAYS[1], alive: false });
      if (activeRelays > 1 && !healed)
        machines.push({ atMs: at + r.int(1000, 60_000), machine: RELAYS[1], alive: true });
    }
  } else {
    // The old primary often goes away during its failover, and may come back as a replica.
    if (r.chance(0.4)) machines.push({ atMs: changeAtMs + r.int(0, 5000), machine: 'A', alive: false });
    if (r.chance(0.2)) machines.push({ atMs: changeAtMs + r.int(5000, 150_000), machine: 'A', alive: true });
    // The new primary flaps: its checks fail for a while.
    if (r.chance(0.15)) {
      const at = r.int(0, 120_000);
      machines.push(
        { atMs: at, machine: 'B', alive: false },
        { atMs: at + r.int(1000, 30_000), machine: 'B', alive: true },
      );
    }
  }
  const describes = Array.from({ length: r.int(10, 60) }, () => describeFault(r));
  const applies = Array.from({ length: r.int(2, 16) }, () => applyFault(r, kind));
  return {
    index,
    kind,
    changeAtMs,
    checkDelayMs,
    drainMs: kind === 'aws-elbv2' ? 300_000 : kind === 'alicloud-nlb' ? r.int(10_000, 60_000) : 0,
    // Long enough for the new member's checks, the 5 s consistency window and a poll, so the clean
    // runs owe convergence (see healthCanArrive in test/property/engine.test.ts).
    healthTimeoutSeconds: Math.ceil((checkDelayMs + 8000) / 1000) + r.int(0, 60),
    onHealthTimeout: r.pick(['keep-old', 'remove-old'] as const),
    settleSeconds: r.int(0, 10),
    activeRelays,
    runs,
    machines,
    describes,
    applies,
  };
}
