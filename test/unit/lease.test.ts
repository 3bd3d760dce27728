import { acquireLease, LATE_LANDING_MARGIN_MS } from '../../shared/lease/lease';
import { LeaseLostError } from '../../shared/lease/errors';
import { createMemoryLeaseStore } from '../../shared/lease/memory-store';
import { virtualClock } from '../support/virtual-clock';

const POOL = 'aws-elbv2 targetgroup/orders/0123456789abcdef';
const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);

function world() {
  const clock = virtualClock(T0);
  const store = createMemoryLeaseStore();
  const options = (owner: string, deadlineInMs = 60_000, waitMs = 10_000) => ({
    store,
    owner,
    clock,
    deadlineMs: clock.now() + deadlineInMs,
    waitUntilMs: clock.now() + waitMs,
    pollMs: 1000,
  });
  return { clock, store, options };
}

describe('acquireLease', () => {
  it('takes a free lease until the deadline plus the late-landing margin', async () => {
    const { store, options } = world();
    const outcome = await acquireLease(POOL, options('run-a'));
    expect(outcome.kind).toBe('acquired');
    expect(store.records.get(POOL)).toEqual({
      pool: POOL,
      owner: 'run-a',
      expiresAtMs: T0 + 60_000 + LATE_LANDING_MARGIN_MS,
      version: 1,
      intents: [],
    });
  });

  it('waits for a held lease, then reports busy with the holder, having looked once a second', async () => {
    const { store, options } = world();
    await acquireLease(POOL, options('run-a'));
    const reads: number[] = [];
    const read = store.read.bind(store);
    store.read = async (pool) => {
      reads.push(reads.length);
      return read(pool);
    };
    const outcome = await acquireLease(POOL, options('run-b', 60_000, 3000));
    expect(outcome).toEqual({
      kind: 'busy',
      holder: 'run-a',
      expiresAtMs: T0 + 60_000 + LATE_LANDING_MARGIN_MS,
      waitedMs: 3000,
    });
    expect(reads).toEqual([0, 1, 2, 3]);
  });

  it('takes the lease once its holder releases it, with the journal the holder wrote', async () => {
    const { clock, options } = world();
    const first = await acquireLease(POOL, options('run-a'));
    if (first.kind !== 'acquired') throw new Error('expected the lease');
    await first.lease.intend([{ op: 'add', key: '10.0.2.20:5432' }]);
    clock.advance(500);
    await first.lease.release();
    const second = await acquireLease(POOL, options('run-b'));
    if (second.kind !== 'acquired') throw new Error('expected the lease');
    expect(second.lease.intents()).toEqual([
      { op: 'add', key: '10.0.2.20:5432', atMs: T0, landsByMs: T0 + 60_000 + LATE_LANDING_MARGIN_MS },
    ]);
  });

  it('after an uncertain change, keeps the lease for the late-landing margin', async () => {
    const { clock, options } = world();
    const first = await acquireLease(POOL, options('run-a'));
    if (first.kind !== 'acquired') throw new Error('expected the lease');
    await first.lease.release({ afterUncertainChange: true });
    clock.advance(LATE_LANDING_MARGIN_MS - 1000);
    expect((await acquireLease(POOL, options('run-b', 60_000, 0))).kind).toBe('busy');
    clock.advance(1000);
    expect((await acquireLease(POOL, options('run-c', 60_000, 0))).kind).toBe('acquired');
  });

  it('takes an expired lease from a holder that died', async () => {
    const { clock, options } = world();
    await acquireLease(POOL, options('run-a', 10_000));
    clock.advance(10_000 + LATE_LANDING_MARGIN_MS);
    expect((await acquireLease(POOL, options('run-b', 60_000, 0))).kind).toBe('acquired');
  });

  it('sends nothing once the lease was taken away: intend throws LeaseLostError', async () => {
    const { clock, options } = world();
    const first = await acquireLease(POOL, options('run-a', 10_000));
    if (first.kind !== 'acquired') throw new Error('expected the lease');
    clock.advance(10_000 + LATE_LANDING_MARGIN_MS);
    await acquireLease(POOL, options('run-b'));
    await expect(first.lease.intend([{ op: 'remove', key: '10.0.1.10:5432' }])).rejects.toBeInstanceOf(
      LeaseLostError,
    );
  });
});
