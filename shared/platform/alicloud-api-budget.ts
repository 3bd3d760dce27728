import RPCClient from '@alicloud/pop-core';
import type { AlicloudProduct } from '../alicloud/endpoint';
import type { PopCoreClient, PopCoreConfig } from '../alicloud/rpc';
import type { Clock } from '../core/types';
import { alicloudFamily } from './api-budgets';
import type { ApiBudget } from './api-budget';

export interface PacedPopCoreOptions {
  readonly budget: ApiBudget;
  readonly product: AlicloudProduct;
  readonly region: string;
  readonly clock: Clock;
  /** Epoch milliseconds: no wait for a token goes past it, and no attempt after a wait either. */
  readonly deadlineMs?: number;
  /** Builds the real client; default pop-core's `RPCClient`. */
  readonly createClient?: (config: PopCoreConfig) => PopCoreClient;
}

/**
 * A `createClient` for `createAlicloudRpc` whose every attempt first waits for its token: NLB and CLB
 * actions by their documented per-API quotas (`API_BUDGETS`), so that the RPC client's retries are for
 * the throttles of other callers only. An attempt keeps the time it was given once its token came, cut
 * to the deadline. A wait that would pass the deadline is refused at once with `ApiBudgetWaitError`,
 * which the RPC client reports as a failed attempt (and does not retry past its deadline).
 */
export function pacedPopCore(options: PacedPopCoreOptions): (config: PopCoreConfig) => PopCoreClient {
  const { budget, product, region, clock, deadlineMs } = options;
  return (config) => {
    const inner = (options.createClient ?? ((c) => new RPCClient(c)))(config);
    return {
      async request(action, params, requestOptions) {
        const family = alicloudFamily(product, action);
        if (family === undefined) return inner.request(action, params, requestOptions);
        await budget.acquire(
          family,
          region,
          deadlineMs === undefined ? {} : { maxWaitMs: deadlineMs - clock.now() },
        );
        const leftMs = deadlineMs === undefined ? Infinity : deadlineMs - clock.now();
        return inner.request(action, params, {
          ...requestOptions,
          timeout: Math.max(1, Math.min(requestOptions.timeout, leftMs)),
        });
      },
    };
  };
}
