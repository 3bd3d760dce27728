import { backendKey } from '../../core/keys';
import { BackendHealth } from '../../core/types';
import type { Backend } from '../../core/types';
import type { ListenerHealthPage } from './schemas';
import { healthOfListenerStatus } from './status';

/**
 * The listener health `Status` of the server group's non-normal servers, keyed by `backendKey`, from
 * every page of `GetListenerHealthStatus`. Entries of the listener's other server groups are skipped:
 * the same IP and port there says nothing about this group.
 */
export function nonNormalServersOf(
  pages: readonly ListenerHealthPage[],
  serverGroupId: string,
): Map<string, string> {
  const statuses = new Map<string, string>();
  for (const page of pages) {
    for (const listener of page.ListenerHealthStatus) {
      for (const group of listener.ServerGroupInfos) {
        if (group.ServerGroupId !== serverGroupId) continue;
        for (const server of group.NonNormalServers) {
          statuses.set(
            backendKey({ ip: server.ServerIp || server.ServerId, port: server.Port }),
            server.Status,
          );
        }
      }
    }
  }
  return statuses;
}

/**
 * The servers with the listener's word joined in: a server healthy by its `Status` (`Available`) but
 * listed as non-normal takes the listener's health, and its `state` names both (`Available/Unhealthy`).
 * Every other server keeps its own: `Adding` and `Configuring` already wait, and a `Removing` server
 * stays draining whatever its checks say (invariant 5).
 */
export function withListenerHealth(
  backends: readonly Backend[],
  nonNormal: ReadonlyMap<string, string>,
): Backend[] {
  return backends.map((backend) => {
    const status = nonNormal.get(backendKey(backend));
    if (status === undefined || backend.health !== BackendHealth.Healthy) return backend;
    return { ...backend, health: healthOfListenerStatus(status), state: `${backend.state}/${status}` };
  });
}
