import type { LeaseRecord, LeaseStore } from '../../shared/lease/types';

/**
 * The behaviour every `LeaseStore` must show, run against each implementation (memory, DynamoDB through
 * its emulator, Tablestore through its emulator). `makeStore` returns a fresh, empty store.
 */
export function describeLeaseStoreContract(name: string, makeStore: () => Promise<LeaseStore>): void {
  const record = (overrides: Partial<LeaseRecord>): LeaseRecord => ({
    pool: 'aws-elbv2 targetgroup/orders-pg/0123456789abcdef',
    owner: 'run-a',
    expiresAtMs: 1_800_000_000_000,
    version: 1,
    intents: [],
    ...overrides,
  });

  describe(`${name}: the LeaseStore contract`, () => {
    let store: LeaseStore;
    beforeEach(async () => {
      store = await makeStore();
    });

    it('reads nothing for a pool that never had a lease', async () => {
      await expect(store.read('aws-elbv2 targetgroup/never/1')).resolves.toBeUndefined();
    });

    it('creates a record only when none exists', async () => {
      await expect(store.compareAndSet(undefined, record({}))).resolves.toBe(true);
      await expect(store.compareAndSet(undefined, record({ owner: 'run-b' }))).resolves.toBe(false);
      await expect(store.read(record({}).pool)).resolves.toEqual(record({}));
    });

    it('replaces a record only at the version it was read at', async () => {
      await store.compareAndSet(undefined, record({}));
      const intents = [
        { op: 'add' as const, key: '10.0.2.20:5432', atMs: 1_799_999_999_000 },
        { op: 'remove' as const, key: '10.0.1.10:5432', atMs: 1_799_999_999_500 },
      ];
      await expect(store.compareAndSet(1, record({ version: 2, owner: 'run-b', intents }))).resolves.toBe(
        true,
      );
      await expect(store.compareAndSet(1, record({ version: 2, owner: 'run-c' }))).resolves.toBe(false);
      await expect(store.compareAndSet(undefined, record({ version: 2, owner: 'run-c' }))).resolves.toBe(
        false,
      );
      await expect(store.read(record({}).pool)).resolves.toEqual(
        record({ version: 2, owner: 'run-b', intents }),
      );
    });

    it('keeps the records of different pools apart', async () => {
      await store.compareAndSet(undefined, record({ pool: 'alicloud-nlb cn-hangzhou/sgp-a' }));
      await store.compareAndSet(
        undefined,
        record({ pool: 'alicloud-nlb cn-hangzhou/sgp-b', owner: 'run-b' }),
      );
      await expect(store.read('alicloud-nlb cn-hangzhou/sgp-a')).resolves.toMatchObject({ owner: 'run-a' });
      await expect(store.read('alicloud-nlb cn-hangzhou/sgp-b')).resolves.toMatchObject({ owner: 'run-b' });
    });

    it('lets exactly one of many concurrent writers at one version win', async () => {
      await store.compareAndSet(undefined, record({}));
      const owners = ['run-1', 'run-2', 'run-3', 'run-4', 'run-5'];
      const results = await Promise.all(
        owners.map((owner) => store.compareAndSet(1, record({ version: 2, owner }))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = owners[results.indexOf(true)];
      await expect(store.read(record({}).pool)).resolves.toMatchObject({ version: 2, owner: winner });
    });
  });
}
