import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { RecordValue } from '../../core/record-plan';

/**
 * Route 53 lists names lower case with their final dot (`orders.db.internal.`); the configured name is
 * kept that way too, so one comparison covers both.
 */
export const sameRecordName = (listed: string | undefined, recordName: string): boolean =>
  (listed ?? '').toLowerCase().replace(/\.?$/, '.') === recordName;

/**
 * The values one record set holds at the record's name, as the planner sees them: the addresses of a
 * simple A record; for anything else one entry saying what stands there (a CNAME's target, an alias, a
 * routed set), which the planner reports and never overwrites. Types that may share the name with an A
 * record (TXT, MX, ...) say nothing about it and are left out; AAAA is not: dual-stack clients would
 * follow it to an address this tool does not manage.
 */
export function valuesOfRecordSet(set: ResourceRecordSet): RecordValue[] {
  const type = set.Type ?? 'unknown';
  if (type !== 'A' && type !== 'AAAA' && type !== 'CNAME') return [];
  const routing = routingOf(set);
  const ttl = set.TTL !== undefined ? { ttlSeconds: set.TTL } : {};
  if (set.AliasTarget) {
    return [{ value: `alias to ${set.AliasTarget.DNSName ?? '?'}`, type, routing: routing ?? 'alias' }];
  }
  return (set.ResourceRecords ?? []).flatMap(({ Value }) =>
    Value === undefined ? [] : [{ value: Value, type, ...ttl, ...(routing ? { routing } : {}) }],
  );
}

/**
 * Which routing policy a record set uses, if not simple. Every one of them carries a `SetIdentifier`
 * (Route 53 API reference, `ResourceRecordSet`); the field that is set names the policy.
 */
function routingOf(set: ResourceRecordSet): string | undefined {
  if (set.SetIdentifier === undefined) return undefined;
  const policy =
    set.Weight !== undefined
      ? 'weighted'
      : set.Failover !== undefined
        ? `failover ${set.Failover}`
        : set.Region !== undefined
          ? 'latency'
          : set.GeoLocation !== undefined
            ? 'geolocation'
            : set.GeoProximityLocation !== undefined
              ? 'geoproximity'
              : set.CidrRoutingConfig !== undefined
                ? 'IP-based'
                : set.MultiValueAnswer
                  ? 'multivalue answer'
                  : 'routed';
  return `${policy} (SetIdentifier ${set.SetIdentifier})`;
}
