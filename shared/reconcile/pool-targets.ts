import type { AlicloudClbPoolConfig, Binding, PoolConfig } from '../core/binding';
import type { RelayMember } from '../core/relay-plan';
import type { PoolReport } from '../core/report';
import type { Resolution } from '../core/resolution';
import { Outcome } from '../core/types';
import type { Backend, Clock, PlanPolicy } from '../core/types';
import { PoolApiError } from '../backends/errors';
import type { Pool } from '../backends/pool';
import type { RelayGroup } from '../backends/relay-group';
import { waitHealthy } from '../backends/wait-healthy';
import type { Logger } from '../log/logger';
import { simulatedPool } from './simulated-pool';
import { simulatedRelayGroup } from './simulated-relay-group';
import { syncPool } from './sync-pool';
import { syncRelayGroup } from './sync-relays';

/** How the loop reaches the pools of a binding: IP pools follow the endpoint, relay groups their relays. */
export interface PoolAccess {
  readonly poolFor: (config: Exclude<PoolConfig, AlicloudClbPoolConfig>) => Pool;
  readonly relayGroupFor: (config: AlicloudClbPoolConfig) => RelayGroup;
}

/** A pool as first seen in this invocation, or why it could not be seen. */
export type DescribedPool =
  | { readonly kind: 'ip'; readonly pool: Pool; readonly before: Backend[] }
  | {
      readonly kind: 'relay';
      readonly group: RelayGroup;
      readonly config: AlicloudClbPoolConfig;
      readonly before: RelayMember[];
    }
  | { readonly kind: 'unreachable'; readonly id: string; readonly error: PoolApiError };

export async function describePool(config: PoolConfig, access: PoolAccess): Promise<DescribedPool> {
  const target =
    config.kind === 'alicloud-clb'
      ? { kind: 'relay' as const, group: access.relayGroupFor(config), config }
      : { kind: 'ip' as const, pool: access.poolFor(config) };
  try {
    return target.kind === 'ip'
      ? { ...target, before: await target.pool.describe() }
      : { ...target, before: await target.group.describe() };
  } catch (error) {
    if (!(error instanceof PoolApiError)) throw error;
    return { kind: 'unreachable', id: target.kind === 'ip' ? target.pool.id : target.group.id, error };
  }
}

export interface SyncContext {
  readonly binding: Binding;
  readonly resolution: Resolution;
  readonly planPolicy: PlanPolicy;
  /** Dry runs and report-only bindings work on an in-memory copy of each pool. */
  readonly simulate: boolean;
  readonly deadlineMs: number;
  readonly startedMs: number;
  readonly clock: Clock;
  readonly log: Logger;
}

/** Brings one described pool where it must be, or simulates it. */
export function syncDescribedPool(described: DescribedPool, context: SyncContext): Promise<PoolReport> {
  const { binding, clock, log } = context;
  switch (described.kind) {
    case 'unreachable':
      return Promise.resolve({
        pool: described.id,
        outcome: Outcome.Failed,
        before: [],
        after: [],
        actions: [],
        reason: described.error.message,
        error: { step: described.error.step, code: described.error.code, message: described.error.message },
        durationMs: 0,
      });
    case 'ip': {
      const simulation = context.simulate ? simulatedPool(described.pool, described.before) : undefined;
      return syncPool(simulation?.pool ?? described.pool, {
        binding: binding.name,
        resolution: context.resolution,
        before: described.before,
        planPolicy: context.planPolicy,
        policy: binding.policy,
        deadlineMs: context.deadlineMs,
        startedMs: context.startedMs,
        clock,
        log,
        waitHealthy: simulation?.waitHealthy ?? waitHealthy,
      });
    }
    case 'relay': {
      const simulation = context.simulate
        ? simulatedRelayGroup(described.group, described.before)
        : undefined;
      return syncRelayGroup(simulation?.group ?? described.group, {
        binding: binding.name,
        config: described.config,
        before: described.before,
        policy: binding.policy,
        // A simulation runs on its own instant clock, from zero and without a deadline.
        deadlineMs: simulation ? Number.MAX_SAFE_INTEGER : context.deadlineMs,
        startedMs: simulation ? 0 : context.startedMs,
        clock: simulation?.clock ?? clock,
        log,
      });
    }
  }
}
