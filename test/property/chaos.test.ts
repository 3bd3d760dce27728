import { runCampaign } from '../../chaos/campaign';
import { drawEpisode } from '../../chaos/episode';
import { playEpisode } from '../../chaos/play';

const SEED = 20261129;
const EPISODES = 30;

describe('the chaos campaign (npm run chaos), a short one', () => {
  it('finds no invariant violation and no run past its deadline in 30 episodes of seed 20261129, and converges', async () => {
    const s = await runCampaign(SEED, EPISODES);
    const story = s.firstViolating
      ? [...s.firstViolating.violations, ...s.firstViolating.overruns, ...s.firstViolating.log()].join('\n')
      : '';
    expect({ violations: s.violations, overruns: s.overruns, story }).toEqual({
      violations: 0,
      overruns: 0,
      story: '',
    });
    // Every pool kind and every fault kind took part, and some runs were killed: the campaign did its work.
    expect(Object.values(s.byKind).every((n) => n > 0)).toBe(true);
    expect([...s.faults.keys()].sort()).toEqual(
      expect.arrayContaining(['5xx', 'describe-lag', 'hang', 'lost-response', 'throttle']),
    );
    expect(s.crashes).toBeGreaterThan(0);
    expect(s.converged).toBe(EPISODES);
    expect(s.quiet).toBe(EPISODES);
  });

  it('replays an episode exactly from its seed and index', async () => {
    const first = await playEpisode(drawEpisode(SEED, 7));
    const again = await playEpisode(drawEpisode(SEED, 7));
    expect(again.log()).toEqual(first.log());
    expect(again.log().length).toBeGreaterThan(3);
  });
});
