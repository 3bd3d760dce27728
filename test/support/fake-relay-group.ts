import { relayKey } from '../../shared/core/keys';
import type { RelayAddress, RelayMember } from '../../shared/core/relay-plan';
import type { Clock } from '../../shared/core/types';
import { healthOfClbStatus } from '../../shared/backends/alicloud-clb/health';
import type { ClbHealthStatus } from '../../shared/backends/alicloud-clb/health';
import type { Pool } from '../../shared/backends/pool';

/**
 * An in-memory CLB VServer group: instances have a health of their own, and a member added to the
 * group reports `unavailable` for `checkAfterMs`, then its instance's health.
 */
export function fakeRelayGroup(clock: Clock, options: { checkAfterMs?: number } = {}) {
  const instanceHealth = new Map<string, ClbHealthStatus>();
  const members = new Map<string, { member: RelayAddress; addedMs: number }>();
  const changes: string[] = [];
  const put = (added: readonly RelayAddress[]) => {
    for (const m of added) members.set(m.serverId, { member: m, addedMs: clock.now() });
  };
  const ids = (list: readonly RelayAddress[]) => list.map((m) => m.serverId).join(',');
  const group: Pool<RelayAddress> = {
    id: 'fake clb group',
    key: relayKey,
    describe: async () =>
      [...members.values()].map(({ member, addedMs }): RelayMember => {
        const status =
          clock.now() - addedMs < (options.checkAfterMs ?? 0)
            ? 'unavailable'
            : (instanceHealth.get(member.serverId) ?? 'normal');
        return { ...member, health: healthOfClbStatus(status), state: status };
      }),
    apply: async (change) => {
      if (change.kind !== 'add') change.remove.forEach((m) => members.delete(m.serverId));
      if (change.kind !== 'remove') put(change.add);
      changes.push(
        change.kind === 'replace'
          ? `replace ${ids(change.remove)} -> ${ids(change.add)}`
          : change.kind === 'add'
            ? `add ${ids(change.add)}`
            : `remove ${ids(change.remove)}`,
      );
    },
  };
  return {
    group,
    changes,
    seed(serverId: string, port = 3306) {
      members.set(serverId, { member: { serverId, port, weight: 100 }, addedMs: -1e12 });
    },
    setHealth(serverId: string, health: ClbHealthStatus) {
      instanceHealth.set(serverId, health);
    },
    members: () => [...members.keys()].sort(),
  };
}
