import type { Resolution } from '../../shared/core/resolution';
import { resolveSettled } from '../../shared/reconcile/settle';
import { virtualClock } from '../support/virtual-clock';

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);
const answer = (ip: string): Resolution => ({
  ok: true,
  addresses: [ip],
  ttlSeconds: 5,
  chain: ['orders.cluster-abc.us-east-1.rds.amazonaws.com'],
  server: '10.0.0.2',
});
const movedAway = (resolution: Resolution) => resolution.ok && resolution.addresses[0] !== '10.0.1.10';

describe('resolveSettled', () => {
  it('looks a last time at the deadline when it falls between two polls', async () => {
    // Prepare
    const clock = virtualClock(T0);
    const askedAt: number[] = [];
    const resolve = async () => {
      askedAt.push(clock.now() - T0);
      return answer('10.0.1.10');
    };
    // Act
    const settled = await resolveSettled(resolve, {
      settle: true,
      moved: movedAway,
      deadlineMs: T0 + 2500,
      pollMs: 1000,
      clock,
    });
    // Assess
    expect(askedAt).toEqual([0, 1000, 2000, 2500]);
    expect(settled.settle).toEqual({ waitedMs: 2500, polls: 4, changed: false });
  });

  it('stops waiting when the signal aborts and keeps the last answer', async () => {
    // Prepare
    const clock = virtualClock(T0);
    const controller = new AbortController();
    let polls = 0;
    const resolve = async () => {
      polls += 1;
      if (polls === 2) controller.abort();
      return answer('10.0.1.10');
    };
    // Act
    const settled = await resolveSettled(resolve, {
      settle: true,
      moved: movedAway,
      deadlineMs: T0 + 60_000,
      pollMs: 1000,
      clock,
      abortSignal: controller.signal,
    });
    // Assess
    expect(settled).toEqual({
      resolution: answer('10.0.1.10'),
      settle: { waitedMs: 1000, polls: 2, changed: false },
    });
  });

  it('resolves once, without waiting, when aborted before it starts', async () => {
    // Prepare
    const clock = virtualClock(T0);
    const resolve = async () => answer('10.0.1.10');
    // Act
    const settled = await resolveSettled(resolve, {
      settle: true,
      moved: movedAway,
      deadlineMs: T0 + 60_000,
      pollMs: 1000,
      clock,
      abortSignal: AbortSignal.abort(),
    });
    // Assess
    expect(settled.settle).toEqual({ waitedMs: 0, polls: 1, changed: false });
    expect(clock.now()).toBe(T0);
  });
});
