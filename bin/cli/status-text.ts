import { backends, stateWord } from './plan-text';
import { PoolState } from './plan-view';
import type { BindingPlan } from './plan-view';

/**
 * Every pool in one line: binding, pool, whether it holds what it must, and each backend's health;
 * then, for each pool that does not, a line saying what differs and what to run next.
 */
export function statusText(plans: readonly BindingPlan[]): string {
  if (plans.length === 0) return 'No binding selected.\n';
  const rows = plans.flatMap((plan) =>
    plan.pools.map((pool) => [plan.binding, pool.pool, stateWord(pool.state), backends(pool.registered)]),
  );
  const table = [['BINDING', 'POOL', 'STATE', 'REGISTERED (health)'], ...rows];
  const widths = [0, 1, 2].map((column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
  const lines = table.map((row) =>
    row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column] ?? 0) : cell)).join('  '),
  );
  const notes = plans.flatMap((plan) =>
    plan.pools
      .filter((pool) => pool.state !== PoolState.InSync)
      .map((pool) => {
        // A drift's reason already says what the pool must hold.
        const want =
          pool.state !== PoolState.Drift && pool.desired.length > 0
            ? `; it must hold ${pool.desired.join(', ')}`
            : '';
        return `${plan.binding} / ${pool.pool}: ${pool.reason}${want}. See: rds-failover-sync plan -b ${plan.binding}`;
      }),
  );
  const pools = rows.length;
  const inSync = plans.flatMap((p) => p.pools).filter((p) => p.state === PoolState.InSync).length;
  const summary = `${inSync} of ${pools} pool(s) in sync.`;
  return `${[...lines, '', ...(notes.length > 0 ? [...notes, ''] : []), summary].join('\n')}\n`;
}
