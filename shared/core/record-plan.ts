/**
 * A DNS record is a pool with no health and one atomic write: Route 53's `ChangeResourceRecordSets`
 * UPSERT replaces every value of a record set at once. Adding the new address first and removing the old
 * one later, as an IP pool does, would leave the record answering with both, so consumers would reach the
 * old primary (read-only, or gone) for one TTL in two. The plan for a record is therefore one `replace`
 * carrying the whole new value set, decided on the record as it is, in the same `Step` words as `plan()`.
 */
import { cidrMatcher } from './cidr';
import { guardAddresses } from './plan';
import type { Described, Planner, Step } from './step';
import type { PlanPolicy } from './types';

/** One value of a record set as Route 53 lists it, or what stands at the record's name instead. */
export interface RecordValue {
  /** An address of an A record; for anything else, what it holds (a CNAME's target, an alias's name). */
  readonly value: string;
  /** The record set's type: `A`, or `CNAME` when a CNAME holds the name. */
  readonly type: string;
  /** The record set's TTL; absent for an alias. */
  readonly ttlSeconds?: number;
  /** For a record set that is not a simple one: `weighted (SetIdentifier blue)`, `alias`, ... */
  readonly routing?: string;
}

/** The key of a record value: the value itself (a record set holds each value once). */
export const recordKey = (member: Pick<RecordValue, 'value'>): string => member.value;

/** What to do with a record whose values lie outside the allowed CIDRs: someone else wrote it. */
export const OnForeignRecord = {
  /** Leave it, report it as drift and alert: the default, as for any member we did not put there. */
  Report: 'report',
  /** Overwrite it with the database's addresses. */
  Overwrite: 'overwrite',
} as const;
export type OnForeignRecord = (typeof OnForeignRecord)[keyof typeof OnForeignRecord];

export interface RecordPlanConfig {
  readonly policy: Pick<PlanPolicy, 'allowedCidrs' | 'maxBackends'>;
  readonly ttlSeconds: number;
  readonly onForeignRecord: OnForeignRecord;
}

export interface RecordPlanInput extends RecordPlanConfig {
  /** The addresses the record must hold, as `plan()` takes them. */
  readonly resolution: Parameters<typeof guardAddresses>[0];
  readonly current: readonly Described<RecordValue>[];
}

/**
 * The next step for a record: in sync, one `replace` whose `add` is the whole new value set (the
 * adapter writes exactly that), or a hold when the record is not ours to write. Health is never looked
 * at: a record has none, and Route 53 serves a value as soon as the change is in sync.
 *
 * Not ours to write, reported and never overwritten: a CNAME at the name (an A record cannot sit beside
 * it), an alias, a weighted, failover or other routed record set (one UPSERT of a simple record cannot
 * express it, and it belongs to whoever set up the routing). Values outside the allowed CIDRs are drift
 * too, overwritten only with `onForeignRecord: overwrite`.
 */
export function planRecord(input: RecordPlanInput): Step<RecordValue> {
  const guarded = guardAddresses(input.resolution, input.policy);
  if ('reason' in guarded) return { kind: 'refuse', refusal: guarded };

  const unmanageable = input.current.filter((m) => m.type !== 'A' || m.routing !== undefined);
  if (unmanageable.length > 0) {
    const drift = unmanageable.map(describeForeign);
    return {
      kind: 'hold',
      reason: `the record is not a simple A record, left as it is: ${drift.join('; ')}`,
      drift,
    };
  }

  const desired = guarded.map((value): RecordValue => ({ value, type: 'A', ttlSeconds: input.ttlSeconds }));
  const wanted = new Set(guarded);
  const held = new Set(input.current.map(recordKey));
  const stale = input.current.filter((m) => !wanted.has(m.value));
  const missing = guarded.filter((value) => !held.has(value));
  const ttlDiffers = input.current.some((m) => m.ttlSeconds !== input.ttlSeconds);
  if (stale.length === 0 && missing.length === 0 && !ttlDiffers) return { kind: 'in-sync' };

  const allowed = cidrMatcher(input.policy.allowedCidrs);
  const outside = input.current.map(recordKey).filter((value) => !allowed(value));
  if (outside.length > 0 && input.onForeignRecord === OnForeignRecord.Report) {
    const drift = `the record holds ${outside.join(', ')}, outside the allowed CIDRs ${input.policy.allowedCidrs.join(', ')}`;
    return { kind: 'hold', reason: `${drift}: not overwritten (onForeignRecord: report)`, drift: [drift] };
  }
  return { kind: 'replace', remove: stale.map(valueOf), add: desired };
}

/** `planRecord()` for one record, as the engine calls it. */
export function recordPlanner(
  resolution: RecordPlanInput['resolution'],
  config: RecordPlanConfig,
): Planner<RecordValue> {
  return ({ current }) => planRecord({ ...config, resolution, current });
}

function describeForeign(member: RecordValue): string {
  if (member.type !== 'A') return `a ${member.type} record (${member.value}) holds the name`;
  return `${member.routing ?? 'routed'} record set (${member.value})`;
}

const valueOf = ({ value, type, ttlSeconds, routing }: RecordValue): RecordValue => ({
  value,
  type,
  ...(ttlSeconds !== undefined ? { ttlSeconds } : {}),
  ...(routing !== undefined ? { routing } : {}),
});
