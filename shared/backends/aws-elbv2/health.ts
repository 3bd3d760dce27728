import { BackendHealth } from '../../core/types';

/**
 * ELBv2 target states (`initial`, `healthy`, `unhealthy`, `unhealthy.draining`, `unused`, `draining`,
 * `unavailable`) in the core's words. `unused` is a group behind no listener: never checked, so it
 * waits like `initial` until the health deadline decides.
 */
export function healthOfTargetState(state: string | undefined): BackendHealth {
  switch (state) {
    case 'healthy':
      return BackendHealth.Healthy;
    case 'unhealthy':
      return BackendHealth.Unhealthy;
    case 'draining':
    case 'unhealthy.draining':
      return BackendHealth.Draining;
    default:
      return BackendHealth.Pending;
  }
}
