import type { LabDnsServer } from '../../lab/dns/dns-server';

/** A DNS change armed to happen once the lab server has answered a name a number of times. */
export interface DnsFlip {
  /** `Date.now()` when the record changed; `undefined` until it has. */
  readonly flippedAt: () => number | undefined;
  /** The A questions for the name answered before the change: all of them got the old record. */
  readonly answeredBefore: () => number;
  /** Stops watching (call it whether or not the flip happened). */
  stop(): void;
}

/**
 * Makes `name` resolve to `ips` once the lab DNS server has answered `afterQueries` A questions for
 * it, so "DNS lags the event" is counted in polls the code under test made, not in milliseconds a
 * timer guessed: on a busy machine a timer armed before the run may fire before the first poll, and
 * the lag the test meant to show is gone.
 *
 * The server records a question and answers it in the same callback, so every question counted
 * before the flip got the old record. Watching is a short interval: a late tick only lets more polls
 * see the old record, which no assertion depends on.
 */
export function flipAfterQueries(
  dns: LabDnsServer,
  name: string,
  ips: readonly string[],
  afterQueries: number,
): DnsFlip {
  let flippedAt: number | undefined;
  let answeredBefore = 0;
  // The server records names in lower case, without the trailing dot.
  const wanted = name.toLowerCase().replace(/\.$/, '');
  const asked = () => dns.queries.filter((q) => q.name === wanted && q.type === 'A').length;
  const timer = setInterval(() => {
    const count = asked();
    if (count < afterQueries) return;
    dns.setA(name, ips);
    flippedAt = Date.now();
    answeredBefore = count;
    clearInterval(timer);
  }, 5);
  return {
    flippedAt: () => flippedAt,
    answeredBefore: () => answeredBefore,
    stop: () => clearInterval(timer),
  };
}
