/** A target group's health check, as `DescribeTargetGroups` reports it. */
export interface HealthCheckTiming {
  readonly intervalSeconds: number;
  /** Consecutive passed checks before a new target is healthy. */
  readonly healthyThreshold: number;
}

/** The health-check defaults of a TCP target group (interval 30 s, healthy threshold 5): when unread. */
export const DEFAULT_HEALTH_CHECK: HealthCheckTiming = { intervalSeconds: 30, healthyThreshold: 5 };

/** Polls close to when health can change: within 1 s of it. */
export const FAST_POLL_MS = 1000;
/** Never longer between two polls than the flat 5 s the engine used before, whatever the interval. */
export const SLOW_POLL_MS = 5000;

/**
 * The delay before the next health poll of a target registered `sinceRegisterMs` ago.
 *
 * A new target turns healthy on its `healthyThreshold`-th passed check. The first check may come at once
 * after registration (its phase in the interval is unknown), so the earliest moment is
 * (threshold - 1) x interval; health only changes at a check, one per interval after that, at a phase
 * we cannot see. So: poll slowly (at most every 5 s, in case checks start early) until 1 s before the
 * earliest moment, then every second, which sees the change within 1 s of the check that made it.
 * With the defaults (30 s, 5): slow until 119 s, then every second.
 */
export function nextHealthPollMs(timing: HealthCheckTiming, sinceRegisterMs: number): number {
  const earliestMs = Math.max(0, timing.healthyThreshold - 1) * timing.intervalSeconds * 1000;
  const fastFromMs = earliestMs - FAST_POLL_MS;
  if (sinceRegisterMs >= fastFromMs) return FAST_POLL_MS;
  return Math.max(FAST_POLL_MS, Math.min(SLOW_POLL_MS, fastFromMs - sinceRegisterMs));
}
