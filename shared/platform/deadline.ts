import { ALERT_RESERVE } from './timeouts';

/** When the loop's work must end, and how much of the invocation is kept for alerting after it. */
export interface InvocationDeadline {
  /** Epoch milliseconds: every API call and every wait of the loop ends by then (invariant 6). */
  readonly deadlineMs: number;
  /** From `deadlineMs` to the platform's own deadline: for the alert, the report and the return. */
  readonly reserveMs: number;
}

/**
 * The loop's deadline, given the time the platform says is left at `nowMs`. The reserve is a quarter
 * of that time, bounded below by what the slowest alert needs and above by 10 s, and never more than
 * all of it (see `ALERT_RESERVE` for why each bound). With 5 s left: 2.5 s for the work, 2.5 s kept;
 * with 12 s: 9 s and 3 s; with 15 min: 890 s and 10 s.
 */
export function invocationDeadline(nowMs: number, remainingMs: number): InvocationDeadline {
  const { fraction, minMs, maxMs } = ALERT_RESERVE;
  const proportional = Math.min(maxMs, Math.max(minMs, Math.round(remainingMs * fraction)));
  const reserveMs = Math.max(0, Math.min(remainingMs, proportional));
  return { deadlineMs: nowMs + remainingMs - reserveMs, reserveMs };
}
