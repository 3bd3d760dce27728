import type { BackendAddress } from './types';

/**
 * The one key for a backend, used by every adapter and by the plan: the same IP on another port is
 * another backend (invariant 5).
 */
export function backendKey(backend: BackendAddress): string {
  return `${backend.ip}:${backend.port}`;
}
