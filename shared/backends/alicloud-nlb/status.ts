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
