import type { LeaseRecord, LeaseStore } from './types';

/** A store in this process's memory: for tests, dry runs and the CLI on one machine. */
export function createMemoryLeaseStore(
  id = 'memory',
): LeaseStore & { readonly records: Map<string, LeaseRecord> } {
  const records = new Map<string, LeaseRecord>();
  return {
    id,
    records,
    read: async (pool) => records.get(pool),
    async compareAndSet(expectedVersion, next) {
      if (records.get(next.pool)?.version !== expectedVersion) return false;
      records.set(next.pool, next);
      return true;
    },
  };
}
