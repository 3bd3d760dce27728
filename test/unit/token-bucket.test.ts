import fc from 'fast-check';
import { bucketFloorMs, fullBucket, reserve, tryTake, waitFor } from '../../shared/core/token-bucket';
import type { TokenBucketSpec, TokenBucketState } from '../../shared/core/token-bucket';

const ELBV2_DESCRIBE: TokenBucketSpec = { capacity: 40, refillPerSecond: 10 };

/** Reserves one token per arrival time, in order; returns when each request may go. */
function schedule(spec: TokenBucketSpec, arrivalsMs: readonly number[]): number[] {
  let state: TokenBucketState = fullBucket(spec, 0);
  return arrivalsMs.map((at) => {
    const reserved = reserve(spec, state, at);
    state = reserved.state;
    return at + reserved.waitMs;
  });
}

const specs = fc.record({
  capacity: fc.integer({ min: 1, max: 200 }),
  refillPerSecond: fc.oneof(
    fc.integer({ min: 1, max: 100 }),
    fc.double({ min: 0.05, max: 50, noNaN: true, noDefaultInfinity: true }),
  ),
});
/** Non-decreasing arrival times: calls made one after the other, or many at once. */
const arrivals = fc
  .array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 300 })
  .map((gaps) => gaps.reduce<number[]>((times, gap) => [...times, (times.at(-1) ?? 0) + gap], []));

describe('token bucket', () => {
  it('lets the first 40 ELBv2 describes go at once and the rest at 10 a second', () => {
    // Act
    const sent = schedule(
      ELBV2_DESCRIBE,
      Array.from({ length: 43 }, () => 0),
    );
    // Assess
    expect(sent.slice(0, 40)).toEqual(Array.from({ length: 40 }, () => 0));
    expect(sent.slice(40)).toEqual([100, 200, 300]);
  });

  it('refills while idle, never past the capacity', () => {
    // Arrange: 40 requests empty the bucket at 0; 10 s later it is full again, not fuller.
    let state = fullBucket(ELBV2_DESCRIBE, 0);
    for (let i = 0; i < 40; i += 1) state = reserve(ELBV2_DESCRIBE, state, 0).state;
    // Act
    const after1s = waitFor(ELBV2_DESCRIBE, state, 1000);
    const at10s = reserve(ELBV2_DESCRIBE, state, 10_000);
    // Assess
    expect(after1s).toBe(0);
    expect(waitFor(ELBV2_DESCRIBE, state, 0)).toBe(100);
    expect(at10s.state.tokens).toBe(39);
  });

  it('server side: refuses the 41st describe in the same instant, admits it 100 ms later', () => {
    // Arrange
    let state = fullBucket(ELBV2_DESCRIBE, 0);
    for (let i = 0; i < 40; i += 1) state = tryTake(ELBV2_DESCRIBE, state, 0).state;
    // Act
    const refused = tryTake(ELBV2_DESCRIBE, state, 0);
    const later = tryTake(ELBV2_DESCRIBE, refused.state, 100);
    // Assess
    expect(refused.taken).toBe(false);
    expect(later.taken).toBe(true);
  });

  it('the floor of 500 describes is 46 s', () => {
    expect(bucketFloorMs(ELBV2_DESCRIBE, 500)).toBe(46_000);
    expect(bucketFloorMs(ELBV2_DESCRIBE, 40)).toBe(0);
    expect(bucketFloorMs({ capacity: 100, refillPerSecond: 100 / 60 }, 200)).toBeCloseTo(60_000, 6);
  });

  it('property: a server bucket with the same spec admits every request at the time the client sends it', () => {
    fc.assert(
      fc.property(specs, arrivals, (spec, times) => {
        let server = fullBucket(spec, 0);
        const sent = schedule(spec, times);
        // The server sees the requests in the order they are sent.
        for (const at of [...sent].sort((a, b) => a - b)) {
          const taken = tryTake(spec, server, at);
          if (!taken.taken) return false;
          server = taken.state;
        }
        return true;
      }),
    );
  });

  it('property: no request waits longer than it must (it could not go 1 ms earlier)', () => {
    fc.assert(
      fc.property(specs, arrivals, (spec, times) => {
        const sent = schedule(spec, times);
        let server = fullBucket(spec, 0);
        return sent.every((at, i) => {
          const early = at - 1;
          const refusedEarlier = at === times[i] || !tryTake(spec, server, early).taken;
          server = tryTake(spec, server, at).state;
          return refusedEarlier;
        });
      }),
    );
  });

  it('property: sends keep arrival order and never precede their arrival', () => {
    fc.assert(
      fc.property(specs, arrivals, (spec, times) => {
        const sent = schedule(spec, times);
        return sent.every((at, i) => at >= (times[i] ?? 0) && (i === 0 || at >= (sent[i - 1] ?? 0)));
      }),
    );
  });
});
