import type { DrainSettings } from '../core/drain';
import type { CallContext } from './pool';

/**
 * A pool's connection drain settings, for the pool kinds that have them. Kept off `Pool` itself: a pool
 * kind without such a setting (a CLB relay group) simply has none, and the engine reports why.
 */
export interface DrainControl {
  /** One read of the settings; throws `PoolApiError` with step `settings`. */
  read(call: CallContext): Promise<DrainSettings>;
  /** Sets both; returns once the load balancer applies them (an NLB job has ended). */
  write(wanted: DrainSettings, call: CallContext): Promise<void>;
}
