import { nextHealthPollMs } from '../../shared/backends/aws-elbv2/health-schedule';

describe('nextHealthPollMs', () => {
  // interval 10 s, threshold 3: the earliest healthy moment is 20 s after registration.
  const fast = { intervalSeconds: 10, healthyThreshold: 3 };
  // The TCP defaults, 30 s and 5: earliest at 120 s.
  const defaults = { intervalSeconds: 30, healthyThreshold: 5 };

  it.each([
    [fast, 0, 19_000],
    [fast, 12_000, 7000],
    [fast, 16_000, 3000],
    [fast, 18_500, 500],
    [fast, 19_000, 1000],
    [fast, 20_000, 1000],
    [fast, 95_000, 1000],
    [fast, Number.POSITIVE_INFINITY, 1000],
    [defaults, 0, 119_000],
    [defaults, 116_000, 3000],
    [defaults, 119_000, 1000],
    [{ intervalSeconds: 5, healthyThreshold: 2 }, 0, 4000],
    [{ intervalSeconds: 5, healthyThreshold: 1 }, 0, 1000],
  ])('%o, %i ms after registration: next poll in %i ms', (timing, sinceMs, expected) => {
    expect(nextHealthPollMs(timing, sinceMs)).toBe(expected);
  });
});
