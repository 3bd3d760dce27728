import type { Config } from '../../shared/core/config-types';
import type { ActionRecord, BackendView, BindingReport, PoolReport, Report } from '../../shared/core/report';
import type { Resolution } from '../../shared/core/resolution';
import { Outcome } from '../../shared/core/types';

/** What a pool looks like to a person reading a dry run: the outcome in words apply would not contradict. */
export const PoolState = {
  InSync: 'in-sync',
  /** The pool differs from what it must hold; apply would change it (or, report-only, report it). */
  Drift: 'drift',
  Refused: 'refused',
  /** The pool or the endpoint could not be read. */
  Error: 'error',
} as const;
export type PoolState = (typeof PoolState)[keyof typeof PoolState];

/** One thing apply would do to a pool, in the order it would do it. */
export interface WouldDo {
  readonly action: ActionRecord['action'];
  readonly targets: readonly string[];
}

export interface PoolPlan {
  readonly pool: string;
  readonly cloud: 'aws' | 'alicloud';
  readonly state: PoolState;
  /** What the pool must hold; empty when refused or unknown. */
  readonly desired: readonly string[];
  /** What it holds now, with the cloud's health word. */
  readonly registered: readonly BackendView[];
  /** What apply would do; empty when nothing, or when the binding is report-only. */
  readonly wouldDo: readonly WouldDo[];
  /** Why, in a sentence (the refusal, the error, the drift). */
  readonly reason: string;
}

export interface BindingPlan {
  readonly binding: string;
  /** The binding's configured mode: a report-only binding is never changed, even by apply. */
  readonly mode: 'apply' | 'report-only';
  readonly endpoint: string;
  readonly resolution: Resolution;
  readonly healthTimeoutSeconds: number;
  readonly pools: readonly PoolPlan[];
}

/**
 * Reads a dry run's report as a plan. The engine ran on an in-memory copy of each pool, so a pool it
 * "swapped" is a pool apply would change, its actions are what apply would send, and its `after` is
 * what the pool must hold (new members there are marked simulated).
 */
export function planOf(report: Report, config: Config): BindingPlan[] {
  return report.bindings.map((binding) => bindingPlan(binding, config));
}

function bindingPlan(report: BindingReport, config: Config): BindingPlan {
  const binding = config.bindings.find((b) => b.name === report.binding);
  const mode = binding?.policy.mode ?? 'apply';
  return {
    binding: report.binding,
    mode,
    endpoint: report.endpoint,
    resolution: report.resolution,
    healthTimeoutSeconds: binding?.policy.healthTimeoutSeconds ?? 0,
    pools: report.pools.map((pool) => poolPlan(pool, mode)),
  };
}

function poolPlan(pool: PoolReport, mode: 'apply' | 'report-only'): PoolPlan {
  const state = stateOf(pool);
  const changes = state === PoolState.Drift && mode === 'apply';
  return {
    pool: pool.pool,
    cloud: pool.pool.startsWith('aws-') ? 'aws' : 'alicloud',
    state,
    desired:
      state === PoolState.InSync || state === PoolState.Drift
        ? pool.after.filter((b) => !b.state.includes('draining')).map((b) => b.target)
        : [],
    registered: pool.before,
    wouldDo: changes ? pool.actions.map(({ action, targets }) => ({ action, targets })) : [],
    // A simulated swap ends "pool now matches what it must hold": true of the copy, not of the pool.
    reason:
      pool.outcome === Outcome.Swapped
        ? `holds ${held(pool.before)}, must hold ${held(pool.after)}`
        : pool.reason,
  };
}

function held(list: readonly BackendView[]): string {
  const targets = list.filter((b) => !b.state.includes('draining')).map((b) => b.target);
  return targets.length > 0 ? targets.join(', ') : 'nothing';
}

function stateOf(pool: PoolReport): PoolState {
  switch (pool.outcome) {
    case Outcome.InSync:
      return PoolState.InSync;
    case Outcome.Swapped:
    case Outcome.Drift:
      return PoolState.Drift;
    case Outcome.Refused:
      return PoolState.Refused;
    default:
      return PoolState.Error;
  }
}
