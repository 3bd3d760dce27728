import type { RelayHealth, RelayMember } from '../../shared/core/relay-plan';
import type { Clock } from '../../shared/core/types';
import type { RelayGroup } from '../../shared/backends/relay-group';

/**
 * An in-memory CLB VServer group: instances have a health of their own, and a member added to the
 * group reports `unavailable` for `checkAfterMs`, then its instance's health.
 */
export function fakeRelayGroup(clock: Clock, options: { checkAfterMs?: number } = {}) {
  const instanceHealth = new Map<string, RelayHealth>();
  const members = new Map<string, { member: RelayMember; addedMs: number }>();
  const changes: string[] = [];
  const put = (added: readonly RelayMember[]) => {
    for (const m of added) members.set(m.serverId, { member: m, addedMs: clock.now() });
  };
  const group: RelayGroup = {
    id: 'fake clb group',
    describe: async () =>
      [...members.values()].map(({ member, addedMs }) => ({
        ...member,
        health:
          clock.now() - addedMs < (options.checkAfterMs ?? 0)
            ? 'unavailable'
            : (instanceHealth.get(member.serverId) ?? 'normal'),
      })),
    add: async (added) => {
      put(added);
      changes.push(`add ${added.map((m) => m.serverId).join(',')}`);
    },
    remove: async (removed) => {
      removed.forEach((m) => members.delete(m.serverId));
      changes.push(`remove ${removed.map((m) => m.serverId).join(',')}`);
    },
    replace: async (removed, added) => {
      removed.forEach((m) => members.delete(m.serverId));
      put(added);
      changes.push(
        `replace ${removed.map((m) => m.serverId).join(',')} -> ${added.map((m) => m.serverId).join(',')}`,
      );
    },
  };
  return {
    group,
    changes,
    seed(serverId: string, port = 3306) {
      members.set(serverId, { member: { serverId, port, weight: 100, health: 'unknown' }, addedMs: -1e12 });
    },
    setHealth(serverId: string, health: RelayHealth) {
      instanceHealth.set(serverId, health);
    },
    members: () => [...members.keys()].sort(),
  };
}
