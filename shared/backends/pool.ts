import type { Backend, BackendAddress } from '../core/types';

/**
 * One load balancer pool, seen through one cloud API. Adapters translate; they decide nothing.
 */
export interface Pool {
  /** Names the pool in reports and logs, e.g. `aws-elbv2 targetgroup/orders-pg/0123456789abcdef`. */
  readonly id: string;
  /** The port desired backends are registered on. */
  readonly port: number;
  /** Every backend the load balancer reports, draining ones marked `draining`. */
  describe(): Promise<Backend[]>;
  /** Adds backends; adding one already present is a no-op. */
  register(backends: readonly BackendAddress[]): Promise<void>;
  /** Removes backends; removing one already gone is a no-op. */
  deregister(backends: readonly BackendAddress[]): Promise<void>;
}
