import type { RdsEvent, Trigger } from './types';
import { RdsSourceType } from './types';

/**
 * An RDS instance identifier: a letter, then letters, digits and hyphens, at most 63 characters, never
 * ending in a hyphen nor holding two in a row (RDS API reference, `CreateDBInstance`,
 * `DBInstanceIdentifier` constraints).
 */
const INSTANCE_ID = /^[A-Za-z](?:-?[A-Za-z0-9])*$/;
const INSTANCE_ID_MAX = 63;

/**
 * The cluster events that name the instance about to become, or just become, the writer (RDS User
 * Guide, "Amazon RDS event categories and event messages", DB cluster events):
 *
 * - 0071 `Completed failover to DB instance: name.` (real captures also read `Completed customer
 *   initiated failover to DB instance: name`, and without the final period)
 * - 0072 `Started same AZ failover to DB instance: name.`
 * - 0073 `Started cross AZ failover to DB instance: name.`
 * - 0070 `Promoting previous primary again: name.`
 */
const NAMES_THE_WRITER = [/failover to DB instance:\s*(\S+)/i, /Promoting previous primary again:\s*(\S+)/i];

/**
 * The instance a cluster event's message names as the (new) writer, or `undefined`. Only a hint: the
 * event may be late, out of order or about a failover that failed since; the RDS API decides.
 */
export function writerNamedBy(message: string): string | undefined {
  for (const pattern of NAMES_THE_WRITER) {
    const candidate = pattern.exec(message)?.[1]?.replace(/\.+$/, '');
    if (candidate !== undefined && candidate.length <= INSTANCE_ID_MAX && INSTANCE_ID.test(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

/** Cluster identifier (lower case: RDS identifiers are case-insensitive) to the instance its event names. */
export type WriterHints = ReadonlyMap<string, string>;

export const NO_WRITER_HINTS: WriterHints = new Map();

/**
 * The writer each cluster event of a trigger names. When a delivery holds several events about one
 * cluster, the last one that names an instance wins: deliveries list events in the order they happened.
 */
export function writerHintsOf(trigger: Trigger): WriterHints {
  if (trigger.kind !== 'rds-event') return NO_WRITER_HINTS;
  const hints = new Map<string, string>();
  for (const event of trigger.events) {
    const writer = clusterEventWriter(event);
    if (writer !== undefined) hints.set(event.sourceId.toLowerCase(), writer);
  }
  return hints;
}

function clusterEventWriter(event: RdsEvent): string | undefined {
  return event.sourceType === RdsSourceType.Cluster ? writerNamedBy(event.message) : undefined;
}
