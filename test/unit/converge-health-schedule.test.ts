import { nextHealthPollMs } from '../../shared/backends/aws-elbv2/health-schedule';
import type { Pool } from '../../shared/backends/pool';
import type { BackendAddress } from '../../shared/core/types';
import { reconcile } from '../../shared/reconcile';
import { fakeRuntime, ordersConfig, resolvedTo } from '../support/fake-runtime';

const schedule = { kind: 'schedule' } as const;
/** Interval 10 s, threshold 3: a new target can first turn healthy 20 s after it is registered. */
const HEALTH_CHECK = { intervalSeconds: 10, healthyThreshold: 3 };

/**
 * A swap from 10.0.1.10 to 10.0.2.20 whose new target turns healthy 23.5 s after its registration (its
 * first check came 3.5 s in). Returns the seconds, from the start, of every call the engine made.
 */
async function swap(options: { withSchedule: boolean; healthPollMs: number }) {
  const world = fakeRuntime({
    config: ordersConfigWith(options.healthPollMs),
    answer: () => resolvedTo('10.0.2.20'),
    healthyAfterMs: 23_500,
  });
  world.pool.seed('10.0.1.10');
  const calls: string[] = [];
  const at = () => (world.clock.now() - world.startMs) / 1000;
  const timed: Pool<BackendAddress> = {
    ...world.pool.pool,
    describe: async (call) => {
      calls.push(`describe ${at()}`);
      return world.pool.pool.describe(call);
    },
    apply: async (change, call) => {
      calls.push(`${change.kind} ${at()}`);
      return world.pool.pool.apply(change, call);
    },
    ...(options.withSchedule
      ? {
          healthPollSchedule: async () => (sinceAddedMs: number) =>
            nextHealthPollMs(HEALTH_CHECK, sinceAddedMs),
        }
      : {}),
  };
  const report = await reconcile(schedule, { ...world.deps, poolFor: () => timed });
  return { calls, report, keys: world.pool.keys() };
}

/** `ordersConfig` with its `healthPollMs` replaced. */
function ordersConfigWith(healthPollMs: number) {
  const config = ordersConfig();
  return {
    ...config,
    bindings: config.bindings.map((b) => ({ ...b, policy: { ...b.policy, healthPollMs } })),
  };
}

describe('the health wait follows the pool health check', () => {
  it('polls at the binding pace until the check can pass, then every second: healthy seen 0.5 s late', async () => {
    // Act
    const { calls, report, keys } = await swap({ withSchedule: true, healthPollMs: 5000 });
    // Assess: registered at 0; polls every 5 s; the earliest healthy moment is 20 s, so the polls go
    // every second from 19 s; healthy at 23.5 s, seen at 24 s; one fresh read, the removal, and a
    // last read for the report.
    expect(calls).toEqual([
      'describe 0',
      'describe 0',
      'add 0',
      'describe 5',
      'describe 10',
      'describe 15',
      'describe 19',
      'describe 20',
      'describe 21',
      'describe 22',
      'describe 23',
      'describe 24',
      'describe 24',
      'remove 24',
      'describe 24',
    ]);
    expect(keys).toEqual(['10.0.2.20:5432']);
    expect(report.bindings[0]?.outcome).toBe('swapped');
    expect(report.bindings[0]?.pools[0]?.actions.map((a) => [a.action, a.durationMs])).toEqual([
      ['register', 0],
      ['wait-healthy', 24_000],
      ['deregister', 0],
    ]);
  });

  it('without a schedule polls at the binding pace: healthy seen 1.5 s late', async () => {
    // Act
    const { calls } = await swap({ withSchedule: false, healthPollMs: 5000 });
    // Assess
    expect(calls).toEqual([
      'describe 0',
      'describe 0',
      'add 0',
      'describe 5',
      'describe 10',
      'describe 15',
      'describe 20',
      'describe 25',
      'describe 25',
      'remove 25',
      'describe 25',
    ]);
  });

  it('never waits longer than the binding pace, and never polls while a new target is not yet believed', async () => {
    // Act: polls every 2 s; the first 5 s after the add (the consistency window) no describe is believed.
    const { calls } = await swap({ withSchedule: true, healthPollMs: 2000 });
    // Assess
    expect(calls).toEqual([
      'describe 0',
      'describe 0',
      'add 0',
      'describe 5',
      'describe 7',
      'describe 9',
      'describe 11',
      'describe 13',
      'describe 15',
      'describe 17',
      'describe 19',
      'describe 20',
      'describe 21',
      'describe 22',
      'describe 23',
      'describe 24',
      'describe 24',
      'remove 24',
      'describe 24',
    ]);
  });
});
