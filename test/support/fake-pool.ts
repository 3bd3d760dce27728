import { backendKey } from '../../shared/core/keys';
import type { Backend, BackendAddress, BackendHealth, Clock } from '../../shared/core/types';
import { PoolApiError } from '../../shared/backends/errors';
import type { Pool } from '../../shared/backends/pool';

interface Entry {
  ip: string;
  port: number;
  registeredMs: number;
  state?: BackendHealth;
}

/**
 * An in-memory pool whose new backends turn healthy `healthyAfterMs` after registration, by the given
 * clock. Records every call and the pool's size after it, so tests can check ordering and emptiness.
 */
export function fakePool(
  clock: Clock,
  options: { port?: number; healthyAfterMs?: number; neverHealthy?: string[] } = {},
) {
  const entries = new Map<string, Entry>();
  const calls: { call: 'describe' | 'register' | 'deregister'; targets: string[]; sizeAfter: number }[] = [];
  const failures: Partial<Record<'describe' | 'register' | 'deregister', string>> = {};
  const healthOf = (entry: Entry): BackendHealth => {
    if (entry.state) return entry.state;
    if (options.neverHealthy?.includes(entry.ip)) return 'unhealthy';
    return clock.now() - entry.registeredMs >= (options.healthyAfterMs ?? 0) ? 'healthy' : 'pending';
  };
  const fail = (step: 'describe' | 'register' | 'deregister') => {
    const code = failures[step];
    if (code) throw new PoolApiError('fake', step, code, 'injected');
  };
  const pool: Pool = {
    id: 'fake pool',
    port: options.port ?? 5432,
    async describe(): Promise<Backend[]> {
      fail('describe');
      calls.push({ call: 'describe', targets: [], sizeAfter: entries.size });
      return [...entries.values()].map((e) => {
        const health = healthOf(e);
        return { ip: e.ip, port: e.port, health, state: health };
      });
    },
    async register(backends: readonly BackendAddress[]) {
      fail('register');
      for (const b of backends) {
        if (!entries.has(backendKey(b))) entries.set(backendKey(b), { ...b, registeredMs: clock.now() });
      }
      calls.push({ call: 'register', targets: backends.map(backendKey), sizeAfter: entries.size });
    },
    async deregister(backends: readonly BackendAddress[]) {
      fail('deregister');
      for (const b of backends) entries.delete(backendKey(b));
      calls.push({ call: 'deregister', targets: backends.map(backendKey), sizeAfter: entries.size });
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
