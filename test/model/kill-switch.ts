import type { Pool } from '../../shared/backends/pool';
import type { LeaseStore } from '../../shared/lease/types';

/** Where a run dies: after its `atCall`-th call answers, or with that call on the wire. */
export interface KillPoint {
  /** 1-based, counting the run's pool calls and lease store calls together, in the order it makes them. */
  readonly atCall: number;
  readonly mode: 'after' | 'in-flight';
}

/**
 * Kills a run in-process. A run only acts on the world through its pool and its lease store, and only
 * waits through its clock: wrapping both, the switch counts the run's calls and, at the kill point,
 * stops answering. `after`: call k answers, then no later call (nor any answer still on the way, nor
 * any sleep, through `onKill`) ever does. `in-flight`: call k is sent (its effect lands whenever the
 * model says) and its answer never arrives. The run's promise is then abandoned: nothing it awaits will
 * ever settle, which is what a dead Lambda looks like from the pool's side.
 */
export function killSwitch(point: KillPoint | undefined, onKill: () => void = () => undefined) {
  const calls: string[] = [];
  let dead = false;
  const never = <T>() => new Promise<T>(() => undefined);
  const die = () => {
    dead = true;
    onKill();
  };
  const through = <T>(label: string, send: () => Promise<T>): Promise<T> => {
    if (dead) return never();
    calls.push(label);
    const n = calls.length;
    if (point?.atCall === n && point.mode === 'in-flight') {
      die();
      send().catch(() => undefined);
      return never();
    }
    const killHere = point?.atCall === n;
    return send().then(
      (value) => {
        if (dead) return never<T>();
        if (killHere) die();
        return value;
      },
      (error: unknown) => {
        if (dead) return never<T>();
        if (killHere) die();
        throw error;
      },
    );
  };
  return {
    /** The run's calls so far, `pool describe`, `store read`, ... */
    calls,
    dead: () => dead,
    pool<A>(pool: Pool<A>): Pool<A> {
      return {
        id: pool.id,
        key: (m) => pool.key(m),
        describe: (call) => through('pool describe', () => pool.describe(call)),
        apply: (change, call) => through(`pool ${change.kind}`, () => pool.apply(change, call)),
      };
    },
    store(store: LeaseStore): LeaseStore {
      return {
        id: store.id,
        read: (key) => through('store read', () => store.read(key)),
        compareAndSet: (version, next) =>
          through('store compareAndSet', () => store.compareAndSet(version, next)),
      };
    },
  };
}
