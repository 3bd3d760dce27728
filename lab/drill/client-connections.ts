import { describeDrain } from '../../shared/core/drain';
import type { ConnectionsReport } from '../../shared/core/report';
import type { ConnectionView } from '../lb-connections';
import type { TimelineEntry } from './timeline';

/** How long the drill waits, past the moment the load balancer said it would, for the last close. */
const MARGIN_MS = 50;

/**
 * Waits (in lab time) until every connection to `target` has a close scheduled by the load balancer and
 * that moment has passed, or until `limitMs`; returns the connections as they then are.
 */
export async function awaitClientsLeaving(
  read: () => ConnectionView[],
  target: string,
  limitMs: number,
): Promise<ConnectionView[]> {
  const onTarget = () => read().filter((c) => c.target === target);
  const scheduled = onTarget().map((c) => c.closesAt);
  if (scheduled.every((t): t is number => t !== undefined)) {
    const waitMs = Math.min(limitMs, Math.max(0, ...scheduled) + MARGIN_MS - Date.now());
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
  return onTarget();
}

/**
 * The timeline's line for the clients of the old writer: when the last one left it, or, when the drill
 * did not wait that long, when the load balancer has scheduled it to; or that some never will. A fact
 * of the lab's world, not an event of the loop: the loop never sees client connections.
 */
export function clientsLeftEntry(
  connections: readonly ConnectionView[],
  oldWriter: string,
  startMs: number,
  removedAtMs: number | undefined,
  nowMs = Date.now(),
): TimelineEntry {
  const ends = connections.map((c) => c.closedAt ?? c.closesAt);
  const staying = ends.filter((t) => t === undefined).length;
  if (staying > 0 || connections.length === 0) {
    return {
      atMs: nowMs - startMs,
      step: 'clients still on old',
      detail: `${staying} of ${connections.length} client connection(s) still on ${oldWriter}, a read-only node now, and none is to be closed`,
    };
  }
  const lastMs = Math.max(...ends.filter((t): t is number => t !== undefined));
  const after =
    removedAtMs === undefined ? '' : `, ${((lastMs - removedAtMs) / 1000).toFixed(1)} s after it was removed`;
  return lastMs > nowMs
    ? {
        atMs: lastMs - startMs,
        step: 'clients leave old',
        detail: `the load balancer closes the last of ${connections.length} client connection(s) on ${oldWriter} then${after} (scheduled; the drill does not wait)`,
      }
    : {
        atMs: lastMs - startMs,
        step: 'clients left old',
        detail: `the last of ${connections.length} client connection(s) left ${oldWriter}${after}`,
      };
}

/** The timeline's line for the drain settings `close` set, at the time the lab saw the call. */
export function drainSetEntry(
  connections: ConnectionsReport | undefined,
  calledAtMs: number | undefined,
  startMs: number,
): TimelineEntry | undefined {
  if (connections?.result !== 'set' || connections.wanted === undefined || calledAtMs === undefined)
    return undefined;
  return {
    atMs: calledAtMs - startMs,
    step: 'drain settings set',
    detail: `${describeDrain(connections.wanted)} (${connections.detail ?? 'drifted'})`,
  };
}
