import type { LeaseStore } from './types';

/**
 * A store whose client is built on first use. A scheduled check of a pool that is in sync never takes
 * a lease, so a store whose SDK is heavy (Tablestore's is about 750 KB of protobuf) costs that check
 * nothing at cold start.
 */
export function lazyLeaseStore(id: string, load: () => Promise<LeaseStore>): LeaseStore {
  let loaded: Promise<LeaseStore> | undefined;
  const store = () => {
    loaded ??= load();
    loaded.catch(() => (loaded = undefined));
    return loaded;
  };
  return {
    id,
    read: async (pool, signal) => (await store()).read(pool, signal),
    compareAndSet: async (expectedVersion, next, signal) =>
      (await store()).compareAndSet(expectedVersion, next, signal),
  };
}
