import type { NlbServerRecord } from './nlb-servers';
import { NlbHealthCheckStatus, NlbServerStatus, type NlbListenerProtocol } from './nlb-types';

/** A listener forwarding to one server group, and how the lab runs its health checks. */
export interface NlbListenerRecord {
  id: string;
  groupId: string;
  port: number;
  protocol: NlbListenerProtocol;
  /** Off: every server reads `Unavailable`. */
  healthCheck: boolean;
  /** How long a server reads `Initial` once it is `Available`, before its IP's health shows. */
  healthyAfterMs: number;
}

/** What a test says the health checks of an IP answer: one of the API's non-normal words, or `Normal`. */
export type NlbServerHealth = NlbHealthCheckStatus | 'Normal';

/**
 * The server's health on the listener at `nowMs`, or undefined when normal (the API lists only
 * servers that are not). In order: checks off, `Unavailable`; weight 0, `Unused`; not `Available` yet
 * or `Available` for less than `healthyAfterMs`, `Initial`; then what the test set for its IP.
 * Unverified: how the real API words a server that is still `Adding`; `Initial` is assumed.
 */
export function listenerHealth(
  listener: NlbListenerRecord,
  record: NlbServerRecord,
  status: NlbServerStatus,
  ipHealth: NlbServerHealth,
  nowMs: number,
): NlbHealthCheckStatus | undefined {
  if (!listener.healthCheck) return NlbHealthCheckStatus.Unavailable;
  if (record.weight === 0) return NlbHealthCheckStatus.Unused;
  if (status === NlbServerStatus.Adding || status === NlbServerStatus.Configuring) {
    return NlbHealthCheckStatus.Initial;
  }
  if (nowMs - availableSince(record) < listener.healthyAfterMs) return NlbHealthCheckStatus.Initial;
  return ipHealth === 'Normal' ? undefined : ipHealth;
}

/** When the server became `Available`: the end of its add job; a seeded server always was. */
function availableSince(record: NlbServerRecord): number {
  const job = record.addJob;
  return job === undefined ? Number.NEGATIVE_INFINITY : job.startedAt + job.durationMs;
}
