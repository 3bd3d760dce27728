import { backendKey } from '../core/keys';
import { BackendHealth } from '../core/types';
import type { Backend, BackendAddress } from '../core/types';
import type { Pool } from '../backends/pool';
import type { WaitHealthyOutcome } from '../backends/wait-healthy';

/**
 * An in-memory copy of a pool for dry runs and report-only bindings: the real loop runs against it, so
 * what it records is exactly what apply would do, assuming new backends pass their health checks.
 */
export function simulatedPool(real: Pool, before: readonly Backend[]) {
  const backends = new Map(before.map((b) => [backendKey(b), b]));
  const pool: Pool = {
    id: real.id,
    port: real.port,
    describe: async () => [...backends.values()],
    register: async (added: readonly BackendAddress[]) => {
      for (const b of added)
        backends.set(backendKey(b), { ...b, health: BackendHealth.Pending, state: 'initial' });
    },
    deregister: async (removed: readonly BackendAddress[]) => {
      for (const b of removed) backends.delete(backendKey(b));
    },
  };
  const waitHealthy = async (
    _pool: Pool,
    targets: readonly BackendAddress[],
  ): Promise<WaitHealthyOutcome> => {
    for (const target of targets) {
      backends.set(backendKey(target), { ...target, health: BackendHealth.Healthy, state: 'healthy' });
    }
    return { healthy: true, backends: [...backends.values()], waitedMs: 0 };
  };
  return { pool, waitHealthy };
}
