import { BackendHealth } from '../../core/types';

/**
 * NLB server `Status` in the core's words. NLB reports no health here, only the server's lifecycle:
 * `Available` is as healthy as this call can tell; `Adding` and `Configuring` wait like a new target;
 * `Removing` is leaving (invariant 5). An unknown status waits too: never healthy by default.
 */
export function healthOfServerStatus(status: string): BackendHealth {
  switch (status) {
    case 'Available':
      return BackendHealth.Healthy;
    case 'Removing':
      return BackendHealth.Draining;
    default:
      return BackendHealth.Pending;
  }
}

/**
 * A listener health `Status` of `GetListenerHealthStatus` (only non-normal servers have one) in the
 * core's words: `Unhealthy` fails its checks; `Initial` (not checked yet), `Unused` (weight 0),
 * `Unavailable` (checks off) and any unknown word wait. Compared without case, like job statuses.
 */
export function healthOfListenerStatus(status: string): BackendHealth {
  return status.toLowerCase() === 'unhealthy' ? BackendHealth.Unhealthy : BackendHealth.Pending;
}
