/** The longest wait between two `GetChange` calls by default. */
export const DEFAULT_CHANGE_POLL_MAX_MS = 5000;

/**
 * The wait before the `GetChange` that follows attempt `attempt` (1-based): twice the one before it,
 * from `firstMs` (the wait before the first call), up to `maxMs`. With the defaults the calls go at 1, 3,
 * 7, 12, 17... s after the UPSERT.
 *
 * Why grow: Route 53 says a change reaches every authoritative server "generally within 60 seconds"
 * (`GetChange`, API reference). Most are INSYNC in a second or two, and the first polls catch those; a
 * slow one asked every second would take 60 calls of the account's 5 a second, which every other
 * binding's Route 53 call of this run waits behind. Growing to 5 s costs 14 calls for 60 s, and sees
 * INSYNC at most 5 s late: the record's value is already served where it has arrived, INSYNC only says
 * it has arrived everywhere.
 */
export function changePollDelayMs(attempt: number, firstMs: number, maxMs: number): number {
  return Math.min(Math.max(firstMs, maxMs), firstMs * 2 ** attempt);
}
