import type { RelayMember } from '../core/relay-plan';

/**
 * A load balancer group of relay instances (Alibaba CLB VServer group), seen through its API. Unlike a
 * `Pool` it holds instances, not IPs, and can swap members in one call.
 */
export interface RelayGroup {
  /** Names the group in reports, e.g. `alicloud-clb cn-hangzhou/lb-xxx/rsp-xxx`. */
  readonly id: string;
  /** Members joined with the listener's health checks. */
  describe(): Promise<RelayMember[]>;
  add(members: readonly RelayMember[]): Promise<void>;
  remove(members: readonly RelayMember[]): Promise<void>;
  /** Swaps `remove` for `add` in one call: the group never shrinks in between. */
  replace(remove: readonly RelayMember[], add: readonly RelayMember[]): Promise<void>;
}
