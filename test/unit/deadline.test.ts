import { invocationDeadline } from '../../shared/platform/deadline';
import {
  ALERT_DELIVERY_TIMEOUT_MS,
  ALERT_RESERVE,
  ELBV2_CLIENT,
  RDS_CLIENT,
  SNS_ALERT_CLIENT,
} from '../../shared/platform/timeouts';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);

describe('invocationDeadline', () => {
  const cases: [string, number, number][] = [
    // remainingMs, reserveMs: the floor, a quarter, the ceiling, and all of a short invocation
    ['5 s left keeps the 2.5 s floor', 5000, 2500],
    ['12 s left keeps a quarter', 12_000, 3000],
    ['30 s left keeps a quarter', 30_000, 7500],
    ['15 min left keeps the 10 s ceiling', 900_000, 10_000],
    ['2 s left keeps all of it for the alert', 2000, 2000],
    ['nothing left keeps nothing', 0, 0],
  ];

  it.each(cases)('%s', (_, remainingMs, reserveMs) => {
    // Act
    const deadline = invocationDeadline(NOW, remainingMs);
    // Assess
    expect(deadline).toEqual({ deadlineMs: NOW + remainingMs - reserveMs, reserveMs });
  });

  it('never puts the deadline before now', () => {
    expect(invocationDeadline(NOW, 1200).deadlineMs).toBe(NOW);
  });
});

describe('timeouts', () => {
  it('fit one alert delivery in the smallest reserve, with room for the report', () => {
    expect(ALERT_RESERVE.minMs - ALERT_DELIVERY_TIMEOUT_MS).toBe(500);
    expect(SNS_ALERT_CLIENT.maxAttempts * SNS_ALERT_CLIENT.requestTimeoutMs).toBe(2000);
  });

  it('end one ELBv2 call, retry included, well inside a 5 s invocation', () => {
    // Two attempts of 1 s and the SDK's first backoff of at most 100 ms.
    expect(ELBV2_CLIENT.maxAttempts * ELBV2_CLIENT.requestTimeoutMs + 100).toBe(2100);
  });

  it('end one RDS writer-lookup call, retry included, within about two settle polls', () => {
    // Two attempts of 1 s and the SDK's first backoff of at most 100 ms: a silent RDS API delays one
    // resolution by at most this, then DNS's answer is used.
    expect(RDS_CLIENT.maxAttempts * RDS_CLIENT.requestTimeoutMs + 100).toBe(2100);
    expect(RDS_CLIENT.connectionTimeoutMs).toBe(500);
  });
});
