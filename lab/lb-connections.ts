/**
 * Established client connections through a load balancer, as the lab models them (issue 12), one model
 * for every emulator that has them (ELBv2 target groups, Alibaba NLB server groups): a connection opened
 * to a backend stays on it, whatever the group's membership, until the client closes it or the load
 * balancer does. The load balancer closes it only when the backend was removed while the group's drain
 * closes connections, once the drain delay has passed; otherwise it stays open past the delay. Each
 * emulator says, from its own settings and its cloud's documents, whether a removal closes connections
 * and after how long.
 */
export interface LabConnection {
  readonly id: string;
  /** `ip:port` of the backend the connection was opened to. */
  readonly target: string;
  readonly openedAt: number;
  /** When the load balancer closes it, set at the backend's removal; in the future until then. */
  closesAt?: number;
  /** When the client closed it. */
  closedByClientAt?: number;
}

/** The connection as a reader sees it at `nowMs`. */
export interface ConnectionView {
  readonly id: string;
  readonly target: string;
  readonly openedAt: number;
  /** When the load balancer closes (or closed) it, once its backend was removed with a closing drain. */
  readonly closesAt?: number;
  /** When it ended, by either side; absent while it is open. */
  readonly closedAt?: number;
}

/** What a removal does to the backend's established connections. */
export interface RemovalDrain {
  /** Whether the load balancer closes them at all (ELBv2 termination on, NLB drain on). */
  readonly closesConnections: boolean;
  /** How long after the removal it closes them. */
  readonly delayMs: number;
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

/** One group's client connections, in the order they were opened. */
export class LabConnections {
  private readonly opened: LabConnection[] = [];

  /** A client connects to `target` (`ip:port`) at `nowMs`; returns the connection's id. */
  open(target: string, nowMs: number): string {
    const id = `conn-${this.opened.length + 1}`;
    this.opened.push({ id, target, openedAt: nowMs });
    return id;
  }

  /** Every connection, open and closed, as of `nowMs`. */
  viewsAt(nowMs: number): ConnectionView[] {
    return this.opened.map((c) => viewAt(c, nowMs));
  }

  /** At a removal: every open connection to the target gets its end, or none when the drain keeps them. */
  onRemoved(target: string, nowMs: number, drain: RemovalDrain): void {
    if (!drain.closesConnections) return;
    for (const connection of this.opened) {
      if (connection.target !== target || viewAt(connection, nowMs).closedAt !== undefined) continue;
      connection.closesAt = nowMs + drain.delayMs;
    }
  }
}
