import type { BackendAddress } from './types';

/**
 * The one key for a backend, used by every IP adapter and by the plan: the same IP on another port is
 * another backend (invariant 5).
 */
export function backendKey(backend: BackendAddress): string {
  return `${backend.ip}:${backend.port}`;
}

/** The key of a relay group member: the instance and its forwarding port, as CLB keys them. */
export function relayKey(member: { readonly serverId: string; readonly port: number }): string {
  return `${member.serverId}:${member.port}`;
}
