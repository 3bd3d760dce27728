import { drawEpisode, POOL_KINDS } from './episode';
import type { Episode, PoolKind } from './episode';
import { playEpisode } from './play';
import type { EpisodeResult } from './play';

export interface CampaignSummary {
  readonly seed: number;
  readonly episodes: number;
  readonly byKind: Readonly<Record<PoolKind, number>>;
  readonly faults: ReadonlyMap<string, number>;
  readonly crashes: number;
  readonly violations: number;
  readonly overruns: number;
  readonly convergedFirst: number;
  readonly converged: number;
  readonly quiet: number;
  /** Episodes whose chaos runs made the pool consistent before the faults stopped. */
  readonly consistentUnderFaults: number;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
  readonly underFaultsP50Ms?: number;
  readonly underFaultsP99Ms?: number;
  /** Episodes that never held what they must (no time to consistency). */
  readonly neverConsistent: number;
  readonly firstViolating?: EpisodeResult;
  readonly firstUnconverged?: EpisodeResult;
}

const failing = (r: EpisodeResult) => r.violations.length > 0 || r.overruns.length > 0;

/** Runs `episodes` episodes drawn from `seed`, one after the other, and sums them up. */
export async function runCampaign(seed: number, episodes: number): Promise<CampaignSummary> {
  const byKind: Record<PoolKind, number> = { 'aws-elbv2': 0, 'alicloud-nlb': 0, 'alicloud-clb': 0 };
  const faults = new Map<string, number>();
  const times: number[] = [];
  const underFaults: number[] = [];
  let crashes = 0;
  let violations = 0;
  let overruns = 0;
  let convergedFirst = 0;
  let converged = 0;
  let quiet = 0;
  let consistentUnderFaults = 0;
  let firstViolating: EpisodeResult | undefined;
  let firstUnconverged: EpisodeResult | undefined;
  for (let i = 0; i < episodes; i += 1) {
    const result = await playEpisode(drawEpisode(seed, i));
    byKind[result.episode.kind] += 1;
    for (const [kind, n] of result.injected) faults.set(kind, (faults.get(kind) ?? 0) + n);
    crashes += result.crashes;
    violations += result.violations.length;
    overruns += result.overruns.length;
    if (result.convergedFirst) convergedFirst += 1;
    if (result.converged) converged += 1;
    if (result.quiet) quiet += 1;
    if (result.consistentUnderFaults) consistentUnderFaults += 1;
    if (result.consistentAfterMs !== undefined) {
      times.push(result.consistentAfterMs);
      if (result.consistentUnderFaults) underFaults.push(result.consistentAfterMs);
    }
    if (failing(result)) firstViolating ??= result;
    if (!result.converged) firstUnconverged ??= result;
  }
  const quantile = (values: number[], q: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  };
  const p50Ms = quantile(times, 0.5);
  const p99Ms = quantile(times, 0.99);
  const underFaultsP50Ms = quantile(underFaults, 0.5);
  const underFaultsP99Ms = quantile(underFaults, 0.99);
  return {
    seed,
    episodes,
    byKind,
    faults,
    crashes,
    violations,
    overruns,
    convergedFirst,
    converged,
    quiet,
    consistentUnderFaults,
    ...(p50Ms !== undefined ? { p50Ms } : {}),
    ...(p99Ms !== undefined ? { p99Ms } : {}),
    ...(underFaultsP50Ms !== undefined ? { underFaultsP50Ms } : {}),
    ...(underFaultsP99Ms !== undefined ? { underFaultsP99Ms } : {}),
    neverConsistent: episodes - times.length,
    ...(firstViolating ? { firstViolating } : {}),
    ...(firstUnconverged ? { firstUnconverged } : {}),
  };
}

/**
 * Greedy shrinking of a failing episode: drop a run, a crash, a machine change, a fault, while it still
 * fails; stops after `maxTries` replays so a report never waits long on it.
 */
export async function shrink(failingEpisode: Episode, maxTries = 400): Promise<EpisodeResult> {
  let best = failingEpisode;
  let bestResult = await playEpisode(best);
  let tries = 0;
  const candidates = (e: Episode): Episode[] => [
    ...e.runs
      .map((_, i) => ({ ...e, runs: e.runs.filter((__, j) => j !== i) }))
      .filter((c) => c.runs.length > 0),
    ...e.runs.flatMap((r, i) =>
      r.crash ? [{ ...e, runs: e.runs.map((x, j) => (j === i ? { ...x, crash: undefined } : x)) }] : [],
    ),
    ...e.machines.map((_, i) => ({ ...e, machines: e.machines.filter((__, j) => j !== i) })),
    { ...e, applies: e.applies.slice(0, Math.floor(e.applies.length / 2)) },
    { ...e, describes: e.describes.slice(0, Math.floor(e.describes.length / 2)) },
    ...e.applies.flatMap((f, i) =>
      f.kind === 'none'
        ? []
        : [
            {
              ...e,
              applies: e.applies.map((x, j) =>
                j === i ? { kind: 'none' as const, latencyMs: x.latencyMs } : x,
              ),
            },
          ],
    ),
    ...e.describes.flatMap((f, i) =>
      f.kind === 'none'
        ? []
        : [
            {
              ...e,
              describes: e.describes.map((x, j) => (j === i ? { ...x, kind: 'none' as const, lagMs: 0 } : x)),
            },
          ],
    ),
  ];
  for (let improved = true; improved && tries < maxTries;) {
    improved = false;
    for (const candidate of candidates(best)) {
      if ((tries += 1) > maxTries) break;
      const result = await playEpisode(candidate);
      if (failing(result)) {
        best = candidate;
        bestResult = result;
        improved = true;
        break;
      }
    }
  }
  return bestResult;
}

export { POOL_KINDS };
