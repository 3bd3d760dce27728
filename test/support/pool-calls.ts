import type { CallContext, Pool } from '../../shared/backends/pool';

/** A call context that never runs out: adapter tests that are not about deadlines. */
export const CALL: CallContext = { deadlineMs: Number.MAX_SAFE_INTEGER };

export const addTo = <A>(pool: Pool<A>, members: readonly A[]) =>
  pool.apply({ kind: 'add', add: members }, CALL);

export const removeFrom = <A>(pool: Pool<A>, members: readonly A[]) =>
  pool.apply({ kind: 'remove', remove: members, because: 'desired-healthy' }, CALL);

export const replaceIn = <A>(pool: Pool<A>, removed: readonly A[], added: readonly A[]) =>
  pool.apply({ kind: 'replace', remove: removed, add: added }, CALL);
