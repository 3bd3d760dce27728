import { poll } from '../../shared/core/poll';
import type { PollVerdict } from '../../shared/core/poll';
import { virtualClock } from '../support/virtual-clock';

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);

describe('poll()', () => {
  it('attempts until success, sleeping the delay between attempts', async () => {
    const clock = virtualClock(T0);
    const seenAt: number[] = [];
    const outcome = await poll(
      async (n): Promise<PollVerdict<number>> => {
        seenAt.push(clock.now() - T0);
        return n === 3 ? { state: 'success', value: n } : { state: 'retry', value: n };
      },
      { clock, deadlineMs: T0 + 10_000, delayMs: 1000 },
    );
    expect(outcome).toEqual({ kind: 'success', value: 3, attempts: 3, waitedMs: 2000 });
    expect(seenAt).toEqual([0, 1000, 2000]);
  });

  it('stops at a failure verdict at once', async () => {
    const clock = virtualClock(T0);
    const outcome = await poll(async () => ({ state: 'failure' as const, value: 'Failed' }), {
      clock,
      deadlineMs: T0 + 10_000,
      delayMs: 1000,
    });
    expect(outcome).toEqual({ kind: 'failure', value: 'Failed', attempts: 1, waitedMs: 0 });
  });

  it('makes its last attempt at the deadline and never sleeps past it', async () => {
    const clock = virtualClock(T0);
    const seenAt: number[] = [];
    const outcome = await poll(
      async (n): Promise<PollVerdict<number>> => {
        seenAt.push(clock.now() - T0);
        return { state: 'retry', value: n };
      },
      { clock, deadlineMs: T0 + 2500, delayMs: 1000 },
    );
    expect(seenAt).toEqual([0, 1000, 2000, 2500]);
    expect(outcome).toEqual({ kind: 'timeout', value: 4, attempts: 4, waitedMs: 2500 });
  });

  it('takes the delay from a function of the attempt number, after an initial delay', async () => {
    const clock = virtualClock(T0);
    const seenAt: number[] = [];
    await poll(
      async (n): Promise<PollVerdict<number>> => {
        seenAt.push(clock.now() - T0);
        return n === 4 ? { state: 'success', value: n } : { state: 'retry', value: n };
      },
      { clock, deadlineMs: T0 + 60_000, initialDelayMs: 500, delayMs: (n) => 100 * 2 ** n },
    );
    expect(seenAt).toEqual([500, 700, 1100, 1900]);
  });

  it('ends as aborted, with the last value, once the signal fires', async () => {
    const clock = virtualClock(T0);
    const controller = new AbortController();
    const outcome = await poll(
      async (n): Promise<PollVerdict<number>> => {
        if (n === 2) controller.abort();
        return { state: 'retry', value: n };
      },
      { clock, deadlineMs: T0 + 10_000, delayMs: 1000, abortSignal: controller.signal },
    );
    expect(outcome).toEqual({ kind: 'aborted', value: 2, attempts: 2, waitedMs: 1000 });
  });

  it('looks once, then times out, when the deadline has already passed', async () => {
    const clock = virtualClock(T0);
    const outcome = await poll(async (n): Promise<PollVerdict<number>> => ({ state: 'retry', value: n }), {
      clock,
      deadlineMs: T0 - 1,
      delayMs: 1000,
    });
    expect(outcome).toEqual({ kind: 'timeout', value: 1, attempts: 1, waitedMs: 0 });
  });
});
