/**
 * Established client connections through a load balancer, as the lab models them (issue 12): a
 * connection opened to a target stays on it, whatever the group's membership, until the client closes
 * it or the load balancer does. The load balancer closes it only when the target was deregistered with
 * connection termination on, once the deregistration delay has passed (NLB guide: "Connection
 * termination on deregistration"); with termination off it stays open past the delay (the target's
 * state is `unused` by then, but established flows are not cut).
 */
export interface LabConnection {
  readonly id: string;
  /** `ip:port` of the target the connection was opened to. */
  readonly target: string;
  readonly openedAt: number;
  /** When the load balancer closes it, set at the target's deregistration; in the future until then. */
  closesAt?: number;
  /** When the client closed it. */
  closedByClientAt?: number;
}

/** The connection as a reader sees it at `nowMs`. */
export interface ConnectionView {
  readonly id: string;
  readonly target: string;
  readonly openedAt: number;
  /** When the load balancer closes (or closed) it, once its target was deregistered with termination on. */
  readonly closesAt?: number;
  /** When it ended, by either side; absent while it is open. */
  readonly closedAt?: number;
}

export function viewAt(connection: LabConnection, nowMs: number): ConnectionView {
  const ends = [connection.closesAt, connection.closedByClientAt].filter(
    (t): t is number => t !== undefined && t <= nowMs,
  );
  const { id, target, openedAt, closesAt } = connection;
  return {
    id,
    target,
    openedAt,
    ...(closesAt === undefined ? {} : { closesAt }),
    ...(ends.length === 0 ? {} : { closedAt: Math.min(...ends) }),
  };
}

/** At a deregistration: every open connection to the target gets its end, or none with termination off. */
export function onDeregistered(
  connections: readonly LabConnection[],
  target: string,
  nowMs: number,
  drain: { readonly closesConnections: boolean; readonly delayMs: number },
): void {
  if (!drain.closesConnections) return;
  for (const connection of connections) {
    if (connection.target !== target || viewAt(connection, nowMs).closedAt !== undefined) continue;
    connection.closesAt = nowMs + drain.delayMs;
  }
}
