import type { RelayMember } from '../core/relay-plan';
import type { Clock } from '../core/types';
import type { RelayGroup } from '../backends/relay-group';

/**
 * An in-memory copy of a relay group for dry runs and report-only bindings, with its own instant
 * clock. Relays it adds start `unavailable` and pass their health checks once any time has passed,
 * so the loop records the same swap and wait that apply would.
 */
export function simulatedRelayGroup(
  real: RelayGroup,
  before: readonly RelayMember[],
): { group: RelayGroup; clock: Clock } {
  let nowMs = 0;
  const members = new Map(
    before.map((m) => [m.serverId, { member: m, addedMs: undefined as number | undefined }]),
  );
  const put = (added: readonly RelayMember[]) => {
    for (const m of added)
      members.set(m.serverId, { member: { ...m, health: 'unavailable' }, addedMs: nowMs });
  };
  const group: RelayGroup = {
    id: real.id,
    describe: async () =>
      [...members.values()].map(({ member, addedMs }) =>
        addedMs !== undefined && nowMs > addedMs ? { ...member, health: 'normal' } : member,
      ),
    add: async (added) => put(added),
    remove: async (removed) => removed.forEach((m) => members.delete(m.serverId)),
    replace: async (removed, added) => {
      removed.forEach((m) => members.delete(m.serverId));
      put(added);
    },
  };
  const clock: Clock = {
    now: () => nowMs,
    sleep: async (ms) => {
      nowMs += Math.max(ms, 1);
    },
  };
  return { group, clock };
}
