/**
 * The token bucket the cloud APIs throttle with, as pure functions of the time: a bucket holds at most
 * `capacity` tokens, gains `refillPerSecond` a second, and every request takes one. The client side
 * (`reserve`) queues: a request that finds no token is told how long to wait for one, and the tokens go
 * negative to keep later requests behind it. The server side (`tryTake`) refuses, as ELBv2 does with
 * `Throttling`. A schedule that `reserve` hands out is one that `tryTake` admits (the property tests).
 */

export interface TokenBucketSpec {
  /** The most requests the bucket lets through at once, from full. */
  readonly capacity: number;
  readonly refillPerSecond: number;
}

export interface TokenBucketState {
  /** Below 0 on the client side: requests already promised the tokens still to come. */
  readonly tokens: number;
  /** Epoch milliseconds `tokens` was counted at. */
  readonly atMs: number;
}

// Floating point: a token is counted as there when it is within this much of being there, so that a
// schedule computed from the same spec is never refused for a rounding error of 1e-15.
const EPSILON = 1e-9;

/** A full bucket at `nowMs`: what an account has after a quiet while. */
export function fullBucket(spec: TokenBucketSpec, nowMs: number): TokenBucketState {
  return { tokens: spec.capacity, atMs: nowMs };
}

/** The bucket at `nowMs`, refilled for the time since it was last counted, never past its capacity. */
export function refilled(spec: TokenBucketSpec, state: TokenBucketState, nowMs: number): TokenBucketState {
  if (nowMs <= state.atMs) return state;
  const tokens = Math.min(spec.capacity, state.tokens + ((nowMs - state.atMs) * spec.refillPerSecond) / 1000);
  return { tokens, atMs: nowMs };
}

/** How long a request made at `nowMs` would wait for its token, without taking it. */
export function waitFor(spec: TokenBucketSpec, state: TokenBucketState, nowMs: number): number {
  return sendTime(spec, state, nowMs).sendAtMs - nowMs;
}

/**
 * Takes a token for a request made at `nowMs`: the request may go after `waitMs`. Requests reserved
 * earlier go first, since the tokens they were promised are already counted out.
 *
 * The bucket is counted at the moment the request goes, whole milliseconds, as the server counts it
 * when the request arrives: counting at `nowMs` instead would credit each queued request with the
 * fraction of a millisecond its wait was rounded up by, and after a few dozen of them the server, which
 * never saw those fractions, refuses one.
 */
export function reserve(
  spec: TokenBucketSpec,
  state: TokenBucketState,
  nowMs: number,
): { readonly state: TokenBucketState; readonly waitMs: number } {
  const { sendAtMs, tokens } = sendTime(spec, state, nowMs);
  return { state: { tokens: tokens - 1, atMs: sendAtMs }, waitMs: sendAtMs - nowMs };
}

/** When a request made at `nowMs` can go, after those already reserved, and the tokens then. */
function sendTime(
  spec: TokenBucketSpec,
  state: TokenBucketState,
  nowMs: number,
): { sendAtMs: number; tokens: number } {
  // A queue reaches into the future: the last reservation's time, not now, is where counting resumes.
  const from = refilled(spec, state, nowMs);
  const missing = 1 - from.tokens;
  // 0.715 tokens at 5 a second is 143 ms, which floating point computes as 143.00000000000003:
  // rounding that up would hold the request 1 ms longer than the bucket needs.
  const waitMs = missing <= EPSILON ? 0 : Math.ceil((missing * 1000) / spec.refillPerSecond - 1e-6);
  const sendAtMs = Math.max(nowMs, from.atMs) + waitMs;
  return { sendAtMs, tokens: refilled(spec, from, sendAtMs).tokens };
}

/** Takes a token for a request arriving at `nowMs`, or refuses it when there is none (the server side). */
export function tryTake(
  spec: TokenBucketSpec,
  state: TokenBucketState,
  nowMs: number,
): { readonly state: TokenBucketState; readonly taken: boolean } {
  const now = refilled(spec, state, nowMs);
  if (now.tokens < 1 - EPSILON) return { state: now, taken: false };
  return { state: { tokens: now.tokens - 1, atMs: now.atMs }, taken: true };
}

/**
 * The least time `requests` requests can take through a full bucket: the first `capacity` go at once,
 * the rest at the refill rate. What "the bucket's floor" means in the bench.
 */
export function bucketFloorMs(spec: TokenBucketSpec, requests: number): number {
  return (Math.max(0, requests - Math.floor(spec.capacity)) * 1000) / spec.refillPerSecond;
}
