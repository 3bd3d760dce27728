import type { Clock } from '../../shared/core/types';

/** A clock whose `sleep` advances time at once: waits of minutes run in microseconds. */
export function virtualClock(
  startMs = Date.UTC(2026, 10, 21, 12, 0, 0),
): Clock & { advance(ms: number): void } {
  let nowMs = startMs;
  return {
    now: () => nowMs,
    sleep: async (ms) => {
      nowMs += ms;
    },
    advance: (ms) => {
      nowMs += ms;
    },
  };
}
