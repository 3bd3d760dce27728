import { BackendHealth } from '../../core/types';

/** CLB `ServerHealthStatus`: `normal`, `abnormal`, `unavailable` (no check yet), or none at all. */
export type ClbHealthStatus = 'normal' | 'abnormal' | 'unavailable' | 'unknown';

// The order in which one row's status outweighs another's for the same member.
const SEVERITY: Readonly<Record<ClbHealthStatus, number>> = {
  abnormal: 3,
  unavailable: 2,
  normal: 1,
  unknown: 0,
};

export function clbHealthStatusOf(status: string): ClbHealthStatus {
  return status === 'normal' || status === 'abnormal' || status === 'unavailable' ? status : 'unknown';
}

/** The worse of two reports for the same member: one failing check is enough to act on. */
export function worseStatus(a: ClbHealthStatus, b: ClbHealthStatus): ClbHealthStatus {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

/** A CLB status in the core's words; a relay without a check yet waits like a new target. */
export function healthOfClbStatus(status: ClbHealthStatus): BackendHealth {
  switch (status) {
    case 'normal':
      return BackendHealth.Healthy;
    case 'abnormal':
      return BackendHealth.Unhealthy;
    default:
      return BackendHealth.Pending;
  }
}
