import type { Change, Described } from '../core/step';
import { BackendHealth } from '../core/types';
import type { Clock } from '../core/types';
import type { Pool } from '../backends/pool';

/**
 * An in-memory copy of a pool for dry runs and report-only bindings: the real engine runs against it,
 * so what it records is exactly what apply would do, assuming new members pass their health checks.
 * Its clock stands still (a simulation takes no time) and counts sleeps instead: a member added before
 * a sleep is healthy after it, which is when the engine's health wait looks again.
 */
export function simulatedPool<A>(
  real: Pool<A>,
  before: readonly Described<A>[],
): { pool: Pool<A>; clock: Clock } {
  let sleeps = 0;
  const members = new Map(
    before.map((m) => [real.key(m), { member: m, addedAtSleep: undefined as number | undefined }]),
  );
  const apply = async (change: Change<A>) => {
    if (change.kind !== 'add') for (const m of change.remove) members.delete(real.key(m));
    if (change.kind !== 'remove') {
      for (const m of change.add) {
        const member: Described<A> = { ...m, health: BackendHealth.Pending, state: 'added (simulated)' };
        members.set(real.key(m), { member, addedAtSleep: sleeps });
      }
    }
  };
  const pool: Pool<A> = {
    id: real.id,
    key: (m) => real.key(m),
    describe: async () =>
      [...members.values()].map(({ member, addedAtSleep }) =>
        addedAtSleep !== undefined && sleeps > addedAtSleep
          ? { ...member, health: BackendHealth.Healthy, state: 'healthy (simulated)' }
          : member,
      ),
    apply,
  };
  const clock: Clock = {
    now: () => 0,
    sleep: async () => {
      sleeps += 1;
    },
  };
  return { pool, clock };
}
