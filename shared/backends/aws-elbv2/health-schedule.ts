/** A target group's health check, as `DescribeTargetGroups` reports it. */
export interface HealthCheckTiming {
  readonly intervalSeconds: number;
  /** Consecutive passed checks before a new target is healthy. */
  readonly healthyThreshold: number;
}

/** The health-check defaults of a TCP target group (interval 30 s, healthy threshold 5): when unread. */
export const DEFAULT_HEALTH_CHECK: HealthCheckTiming = { intervalSeconds: 30, healthyThreshold: 5 };

/** Polls close to when health can change: a change is seen within this long of the check that made it. */
export const FAST_POLL_MS = 1000;

/**
 * The delay before the next health poll of a target registered `sinceRegisterMs` ago (`Infinity`: at an
 * unknown time, long enough ago that any check may turn it healthy).
 *
 * A new target turns healthy on its `healthyThreshold`-th passed check. The first check may come at once
 * after registration (its phase in the interval is unknown), so the earliest moment is
 * (threshold - 1) x interval; after it, health changes at a check, one per interval, at a phase we cannot
 * see. So: nothing to see until 1 s before the earliest moment, then a poll every second, which sees the
 * change within 1 s of the check that made it. With the defaults (30 s, 5): first fast poll at 119 s.
 * Before that the engine still polls at the binding's `healthPollMs` (default 5 s), the longest it waits.
 */
export function nextHealthPollMs(timing: HealthCheckTiming, sinceRegisterMs: number): number {
  const earliestMs = Math.max(0, timing.healthyThreshold - 1) * timing.intervalSeconds * 1000;
  const fastFromMs = earliestMs - FAST_POLL_MS;
  return sinceRegisterMs >= fastFromMs ? FAST_POLL_MS : fastFromMs - sinceRegisterMs;
}
