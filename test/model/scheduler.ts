import type { Clock } from '../../shared/core/types';

interface Timer {
  readonly atMs: number;
  /** Insertion order: timers due at the same moment fire in the order they were set. */
  readonly seq: number;
  readonly fire: () => void;
}

/** A clock handed to one run: killing it makes every later `sleep` of that run never end. */
export interface RunClock extends Clock {
  kill(): void;
}

/**
 * Virtual time for several async runs at once. Every `sleep` and every `at` registers a timer; the
 * driver lets all pending promise callbacks run (`setImmediate` comes after the whole microtask queue),
 * then moves time to the earliest timer and fires it, one timer at a time. Given the same runs and the
 * same timers, the order is always the same: ties go to the timer set first. Minutes of waiting cost
 * one `setImmediate` per timer.
 */
export function createScheduler(startMs = Date.UTC(2026, 10, 21, 12, 0, 0)) {
  let nowMs = startMs;
  let seq = 0;
  const timers: Timer[] = [];

  const at = (atMs: number, fire: () => void): void => {
    const timer = { atMs: Math.max(atMs, nowMs), seq: (seq += 1), fire };
    let i = timers.length;
    while (i > 0 && (timers[i - 1] as Timer).atMs > timer.atMs) i -= 1;
    timers.splice(i, 0, timer);
  };
  const sleepUntil = (atMs: number) => new Promise<void>((resolve) => at(atMs, resolve));
  const clock: Clock = {
    now: () => nowMs,
    sleep: (ms) => sleepUntil(nowMs + Math.max(0, ms)),
  };
  const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

  /** Fires the earliest timer; false when none is left. */
  const step = (): boolean => {
    const timer = timers.shift();
    if (!timer) return false;
    nowMs = Math.max(nowMs, timer.atMs);
    timer.fire();
    return true;
  };

  return {
    clock,
    now: () => nowMs,
    at,
    /** How many timers are set and not yet fired. */
    pending: () => timers.length,
    /** A clock for one run, sharing time with every other. */
    clockFor(): RunClock {
      let killed = false;
      return {
        now: () => nowMs,
        sleep: (ms) => (killed ? new Promise<void>(() => undefined) : clock.sleep(ms)),
        kill: () => {
          killed = true;
        },
      };
    },
    /**
     * Runs time forward until `work` settles, and returns its result. Throws when nothing is left to
     * wait for while `work` is still pending (a deadlock: some call never answers and has no deadline),
     * or after `maxSteps` timers.
     */
    async drive<T>(work: Promise<T>, maxSteps = 1_000_000): Promise<T> {
      let settled = false;
      work.then(
        () => (settled = true),
        () => (settled = true),
      );
      for (let steps = 0; ; steps += 1) {
        await flush();
        if (settled) return work;
        if (steps >= maxSteps) throw new Error(`scheduler: still running after ${maxSteps} timers`);
        if (!step()) throw new Error('scheduler: deadlock, no timer left and the work is not done');
      }
    },
    /** Fires every timer due by `untilMs`, then sets the time to `untilMs`. */
    async advanceTo(untilMs: number): Promise<void> {
      for (;;) {
        await flush();
        const next = timers[0];
        if (!next || next.atMs > untilMs) break;
        step();
      }
      nowMs = Math.max(nowMs, untilMs);
      await flush();
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
