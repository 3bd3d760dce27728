import { changePollDelayMs } from '../../shared/backends/aws-route53/change-poll-delay';

describe('changePollDelayMs', () => {
  it.each([
    // attempt, first, max, wait before the next GetChange
    [1, 1000, 5000, 2000],
    [2, 1000, 5000, 4000],
    [3, 1000, 5000, 5000],
    [10, 1000, 5000, 5000],
    [1, 250, 5000, 500],
    [5, 250, 5000, 5000],
    // a cap below the first wait never makes the waits shorter than the first
    [1, 1000, 500, 1000],
    [3, 1000, 500, 1000],
  ])('after attempt %i, from %i ms up to %i ms: %i ms', (attempt, firstMs, maxMs, expected) => {
    expect(changePollDelayMs(attempt, firstMs, maxMs)).toBe(expected);
  });
});
