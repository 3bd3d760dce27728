import type { RelayHealth } from '../../core/relay-plan';

// The order in which one row's status outweighs another's for the same member.
const SEVERITY: Readonly<Record<RelayHealth, number>> = {
  abnormal: 3,
  unavailable: 2,
  normal: 1,
  unknown: 0,
};

/** CLB `ServerHealthStatus` (`normal`, `abnormal`, `unavailable`) as a relay's health. */
export function relayHealthOf(status: string): RelayHealth {
  return status === 'normal' || status === 'abnormal' || status === 'unavailable' ? status : 'unknown';
}

/** The worse of two reports for the same member: one failing check is enough to act on. */
export function worseHealth(a: RelayHealth, b: RelayHealth): RelayHealth {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}
