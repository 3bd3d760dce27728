import { backendKey } from '../../shared/core/keys';
import type { Change } from '../../shared/core/step';
import type { Backend, BackendAddress, BackendHealth, Clock } from '../../shared/core/types';
import { PoolApiError } from '../../shared/backends/errors';
import type { Pool } from '../../shared/backends/pool';

interface Entry {
  ip: string;
  port: number;
  registeredMs: number;
  state?: BackendHealth;
}

type Call = 'describe' | 'register' | 'deregister';

/**
 * An in-memory IP pool whose new backends turn healthy `healthyAfterMs` after registration, by the
 * given clock. Records every call and the pool's size after it, so tests can check ordering and emptiness.
 */
export function fakePool(
  clock: Clock,
  options: { port?: number; healthyAfterMs?: number; neverHealthy?: string[] } = {},
) {
  const entries = new Map<string, Entry>();
  const calls: { call: Call; targets: string[]; sizeAfter: number }[] = [];
  const failures: Partial<Record<Call, string>> = {};
  const healthOf = (entry: Entry): BackendHealth => {
    if (entry.state) return entry.state;
    if (options.neverHealthy?.includes(entry.ip)) return 'unhealthy';
    return clock.now() - entry.registeredMs >= (options.healthyAfterMs ?? 0) ? 'healthy' : 'pending';
  };
  const fail = (step: Call) => {
    const code = failures[step];
    if (code) throw new PoolApiError('fake', step, code, 'injected');
  };
  const register = (backends: readonly BackendAddress[]) => {
    fail('register');
    for (const b of backends) {
      if (!entries.has(backendKey(b))) entries.set(backendKey(b), { ...b, registeredMs: clock.now() });
    }
    calls.push({ call: 'register', targets: backends.map(backendKey), sizeAfter: entries.size });
  };
  const deregister = (backends: readonly BackendAddress[]) => {
    fail('deregister');
    for (const b of backends) entries.delete(backendKey(b));
    calls.push({ call: 'deregister', targets: backends.map(backendKey), sizeAfter: entries.size });
  };
  const pool: Pool<BackendAddress> = {
    id: 'fake pool',
    key: backendKey,
    async describe(): Promise<Backend[]> {
      fail('describe');
      calls.push({ call: 'describe', targets: [], sizeAfter: entries.size });
      return [...entries.values()].map((e) => {
        const health = healthOf(e);
        return { ip: e.ip, port: e.port, health, state: health };
      });
    },
    async apply(change: Change<BackendAddress>) {
      if (change.kind !== 'remove') register(change.add);
      if (change.kind !== 'add') deregister(change.remove);
    },
  };
  return {
    pool,
    calls,
    failures,
    /** Puts a backend in the pool, healthy unless said otherwise. */
    seed(ip: string, state: BackendHealth = 'healthy', port = options.port ?? 5432) {
      entries.set(`${ip}:${port}`, { ip, port, registeredMs: clock.now(), state });
    },
    keys: () => [...entries.keys()].sort(),
    changes: () => calls.filter((c) => c.call !== 'describe').map((c) => `${c.call} ${c.targets.join(',')}`),
  };
}
