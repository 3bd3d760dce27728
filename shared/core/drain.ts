import { ClientConnections } from './config-types';
import type { OnSwapPolicy } from './config-types';

/**
 * What a pool does with established connections to a member it no longer holds, in one shape for every
 * cloud: an ELBv2 target group's `deregistration_delay.connection_termination.enabled` and
 * `deregistration_delay.timeout_seconds`; an NLB server group's `ConnectionDrainEnabled` and
 * `ConnectionDrainTimeout`.
 */
export interface DrainSettings {
  /** Whether the load balancer closes the remaining connections when the delay ends. */
  readonly closesConnections: boolean;
  readonly delaySeconds: number;
}

/** What the `onSwap` policy asks of a pool, given its settings. */
export type DrainVerdict =
  | { readonly kind: 'leave' }
  | { readonly kind: 'in-sync'; readonly wanted: DrainSettings }
  | { readonly kind: 'set'; readonly wanted: DrainSettings; readonly differences: readonly string[] };

/** `leave` (or no policy) never changes a pool; `close` wants termination on and exactly the delay asked. */
export function drainVerdict(policy: OnSwapPolicy | undefined, seen: DrainSettings): DrainVerdict {
  if (policy === undefined || policy.clientConnections === ClientConnections.Leave) return { kind: 'leave' };
  const wanted: DrainSettings = { closesConnections: true, delaySeconds: policy.deregistrationDelaySeconds };
  const differences = [
    ...(seen.closesConnections ? [] : ['connections are not closed on deregistration']),
    ...(seen.delaySeconds === wanted.delaySeconds
      ? []
      : [`deregistration delay is ${seen.delaySeconds} s, not ${wanted.delaySeconds} s`]),
  ];
  return differences.length === 0 ? { kind: 'in-sync', wanted } : { kind: 'set', wanted, differences };
}

/** `close after 30 s` or `keep open (delay 300 s)`, for reports. */
export function describeDrain(settings: DrainSettings): string {
  return settings.closesConnections
    ? `close after ${settings.delaySeconds} s`
    : `keep open (delay ${settings.delaySeconds} s)`;
}
