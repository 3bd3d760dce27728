import { ClientConnections } from '../core/config-types';
import type { Binding } from '../core/config-types';

/**
 * An NLB server group's `ConnectionDrainTimeout` takes 10 to 900 seconds (Alibaba Cloud API reference,
 * NLB 2022-04-30 UpdateServerGroupAttribute), narrower than ELBv2's 0 to 3600: a binding that asks
 * `close` of an NLB pool must ask for a delay the group can hold, or every run would fail to set it.
 */
export const NLB_DRAIN_TIMEOUT_SECONDS = { min: 10, max: 900 } as const;

/** One problem per binding whose `onSwap` one of its pools cannot carry out. */
export function onSwapProblems(bindings: readonly Binding[]): string[] {
  return bindings.flatMap((binding) => {
    const onSwap = binding.onSwap;
    if (onSwap?.clientConnections !== ClientConnections.Close) return [];
    const delay = onSwap.deregistrationDelaySeconds;
    const { min, max } = NLB_DRAIN_TIMEOUT_SECONDS;
    const nlb = binding.pools.some((pool) => pool.kind === 'alicloud-nlb');
    return nlb && (delay < min || delay > max)
      ? [
          `binding '${binding.name}': onSwap.deregistrationDelaySeconds: an alicloud-nlb server group drains for ${min} to ${max} seconds; found ${delay}`,
        ]
      : [];
  });
}
