import type { BackendView } from '../../shared/core/report';
import type { Resolution } from '../../shared/core/resolution';
import { PoolState } from './plan-view';
import type { BindingPlan, PoolPlan, WouldDo } from './plan-view';

/**
 * A plan as a person reads it before saying yes: per binding the endpoint's answer, per pool what it
 * must hold, what it holds (with health), and what apply WOULD do, in the conditional: nothing has
 * happened yet.
 */
export function planText(plans: readonly BindingPlan[]): string {
  if (plans.length === 0) return 'No binding selected.\n';
  const blocks = plans.map((plan) =>
    [
      `${plan.binding} (mode ${plan.mode === 'report-only' ? 'report-only: apply never changes it' : 'apply'})`,
      `  endpoint ${plan.endpoint} ${answerOf(plan.resolution)}`,
      ...plan.pools.flatMap((pool) => poolLines(pool, plan)),
    ].join('\n'),
  );
  const changing = plans.flatMap((p) => p.pools).filter((p) => p.wouldDo.length > 0).length;
  const footer =
    changing === 0
      ? 'Apply would change nothing.'
      : `Apply would change ${changing} pool(s). Nothing has been changed: this was a dry run.`;
  return `${blocks.join('\n\n')}\n\n${footer}\n`;
}

function poolLines(pool: PoolPlan, plan: BindingPlan): string[] {
  return [
    `  pool ${pool.pool} [${pool.cloud}]: ${stateWord(pool.state)}`,
    `    desired:     ${pool.desired.length > 0 ? pool.desired.join(', ') : '-'}`,
    `    registered:  ${backends(pool.registered)}`,
    `    apply would: ${wouldText(pool, plan)}`,
  ];
}

function wouldText(pool: PoolPlan, plan: BindingPlan): string {
  switch (pool.state) {
    case PoolState.InSync:
      return 'do nothing (the pool already holds what it must)';
    case PoolState.Refused:
      return `change nothing, and alert: ${pool.reason}`;
    case PoolState.Error:
      return `stop here as this run did, changing nothing: ${pool.reason}`;
    case PoolState.Drift:
      if (plan.mode === 'report-only')
        return `change nothing (report-only binding), and alert: ${pool.reason}`;
      if (pool.wouldDo.length === 0) return `change nothing it can repair, and alert: ${pool.reason}`;
      return pool.wouldDo.map((step) => wouldStep(step, plan.healthTimeoutSeconds)).join(', then ');
  }
}

function wouldStep(step: WouldDo, healthTimeoutSeconds: number): string {
  const targets = step.targets.join(', ');
  switch (step.action) {
    case 'probe':
      return `probe ${targets} (the binding's connectivity probe)`;
    case 'register':
      return `register ${targets}`;
    case 'wait-healthy':
      return `wait until ${targets} ${step.targets.length === 1 ? 'passes' : 'pass'} health checks (up to ${healthTimeoutSeconds} s)`;
    case 'deregister':
      return `deregister ${targets}`;
    case 'replace':
      return `swap in ${targets} in one call`;
  }
}

function stateWord(state: PoolState): string {
  switch (state) {
    case PoolState.InSync:
      return 'in sync';
    case PoolState.Drift:
      return 'DRIFT';
    case PoolState.Refused:
      return 'REFUSED';
    case PoolState.Error:
      return 'ERROR';
  }
}

/** `10.0.0.5:5432 (healthy), ...`, or `(none)`. */
export function backends(list: readonly BackendView[]): string {
  return list.length === 0 ? '(none)' : list.map((b) => `${b.target} (${b.state})`).join(', ');
}

/** `resolves to 10.0.0.5 (TTL 5 s, via 10.0.0.2)`, or why it does not. */
export function answerOf(resolution: Resolution): string {
  if (!resolution.ok) return `could not be resolved: ${resolution.failure}: ${resolution.detail}`;
  return `resolves to ${resolution.addresses.join(', ')} (TTL ${resolution.ttlSeconds} s, via ${resolution.server})`;
}

export { stateWord };
