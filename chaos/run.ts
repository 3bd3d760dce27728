/**
 * `npm run chaos [-- --seed N --episodes N]`: a bounded chaos campaign in virtual time on the model
 * load balancer (test/model), with the real `reconcile()` and one shared memory lease store per episode.
 * Prints the table; exits 1 on any invariant violation or run past its deadline, printing the first
 * failing episode, shrunk, as its event log.
 */
import { performance } from 'node:perf_hooks';
import { runCampaign, shrink } from './campaign';
import type { CampaignSummary } from './campaign';

const DEFAULT_SEED = 20261129;
const DEFAULT_EPISODES = 3000;

function argOf(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} wants a whole number`);
  return value;
}

const seconds = (ms: number | undefined) => (ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(1)} s`);

export function table(s: CampaignSummary, wallMs: number): string {
  const rows: [string, string][] = [
    ['seed', String(s.seed)],
    ['episodes (one failover each)', String(s.episodes)],
    ...Object.entries(s.byKind).map(([kind, n]): [string, string] => [`  ${kind}`, String(n)]),
    ['faults injected', String([...s.faults.values()].reduce((a, b) => a + b, 0))],
    ...[...s.faults.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, n]): [string, string] => [`  ${kind}`, String(n)]),
    ['crashes (runs killed)', String(s.crashes)],
    ['invariant violations', String(s.violations)],
    ['runs past their deadline', String(s.overruns)],
    ['converged after 1st clean run', `${s.convergedFirst} / ${s.episodes}`],
    ['converged after 2nd (10 min later)', `${s.converged} / ${s.episodes}`],
    ['check run changed nothing', `${s.quiet} / ${s.episodes}`],
    ['consistent before the faults stopped', `${s.consistentUnderFaults} / ${s.episodes}`],
    ['time to a consistent pool p50', seconds(s.p50Ms)],
    ['time to a consistent pool p99', seconds(s.p99Ms)],
    ['  of those consistent under faults p50', seconds(s.underFaultsP50Ms)],
    ['  of those consistent under faults p99', seconds(s.underFaultsP99Ms)],
    ['  episodes never consistent', String(s.neverConsistent)],
    ['wall time', `${(wallMs / 1000).toFixed(1)} s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const note =
    'times: virtual, from the DNS move (IP pools) or the relay death (CLB) to the last change after which the pool held what it must; the clean runs start 36 s after the last chaos deadline (late-landing margin plus consistency window)';
  return [...rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`), note].join('\n');
}

async function main() {
  const seed = argOf('seed') ?? DEFAULT_SEED;
  const episodes = argOf('episodes') ?? DEFAULT_EPISODES;
  const startedMs = performance.now();
  const summary = await runCampaign(seed, episodes);
  const wallMs = performance.now() - startedMs;
  console.log(table(summary, wallMs));
  const failing = summary.firstViolating;
  if (failing) {
    console.log(
      `\nfirst failing episode: #${failing.episode.index} (${failing.episode.kind}), seed ${seed}; shrinking...`,
    );
    const shrunk = await shrink(failing.episode);
    console.log([...shrunk.violations, ...shrunk.overruns].map((v) => `  ${v}`).join('\n'));
    console.log(`shrunk episode: ${JSON.stringify(shrunk.episode)}`);
    console.log(`event log:\n${shrunk.log().join('\n')}`);
  }
  if (summary.firstUnconverged && process.argv.includes('--show-unconverged')) {
    const u = summary.firstUnconverged;
    console.log(
      `\nfirst unconverged episode #${u.episode.index}: ${JSON.stringify(u.episode)}\n${u.log().join('\n')}`,
    );
  }
  process.exitCode = summary.violations > 0 || summary.overruns > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
