import { isIP, isIPv4 } from 'node:net';
import { decodeMemberList, QueryError } from './query-protocol';

/** A decoded `TargetDescription`, with the group's port filled in when the caller left it out. */
export interface TargetDescription {
  id: string;
  port: number;
  availabilityZone?: string;
}

/** The ranges AWS accepts for an IP target without `AvailabilityZone: all`. */
const PRIVATE_IPV4_RANGES: readonly [base: string, prefixLength: number][] = [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['100.64.0.0', 10],
];

/**
 * Decodes `Targets.member.N.{Id,Port,AvailabilityZone}`. Returns undefined when the list was left
 * out (or sent empty: `Targets=`), which DescribeTargetHealth reads as "every target".
 */
export function decodeTargets(params: URLSearchParams, groupPort: number): TargetDescription[] | undefined {
  const members = decodeMemberList(params, 'Targets');
  if (members === undefined || members.length === 0) return undefined;
  return members.map((member, index) => {
    const id = member['Id'];
    if (id === undefined || id === '') {
      throw validation(
        `Value null at 'targets.${index + 1}.member.id' failed to satisfy constraint: Member must not be null`,
      );
    }
    if (isIP(id) === 0) {
      throw new QueryError('InvalidTarget', `The following targets are not valid IP addresses: ${id}`);
    }
    const port = member['Port'] === undefined ? groupPort : Number(member['Port']);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw validation(
        `Value '${member['Port']}' at 'targets.${index + 1}.member.port' failed to satisfy constraint: Member must have value between 1 and 65535`,
      );
    }
    const availabilityZone = member['AvailabilityZone'];
    return availabilityZone === undefined ? { id, port } : { id, port, availabilityZone };
  });
}

/** Like `decodeTargets`, for the actions where the list is required. */
export function requireTargets(params: URLSearchParams, groupPort: number): TargetDescription[] {
  const targets = decodeTargets(params, groupPort);
  if (targets === undefined) {
    throw validation("Value null at 'targets' failed to satisfy constraint: Member must not be null");
  }
  return targets;
}

/**
 * Refuses what RegisterTargets refuses for an IP target group: a public IPv4 address registered
 * without `AvailabilityZone: all`. The VPC itself is not modelled, so every private range passes.
 */
export function assertRegistrable(target: TargetDescription): void {
  if (target.availabilityZone === 'all' || !isIPv4(target.id)) return;
  if (PRIVATE_IPV4_RANGES.some(([base, prefixLength]) => inRange(target.id, base, prefixLength))) return;
  throw new QueryError(
    'InvalidTarget',
    `The IP address '${target.id}' is outside the VPC and the RFC 1918 and 100.64.0.0/10 ranges: ` +
      "register it with AvailabilityZone 'all'",
  );
}

/** A missing or malformed parameter, which AWS reports as `ValidationError`. */
export function validation(message: string): QueryError {
  return new QueryError('ValidationError', message);
}

function inRange(ip: string, base: string, prefixLength: number): boolean {
  const mask = prefixLength === 0 ? 0 : (~0 << (32 - prefixLength)) >>> 0;
  return (toUint32(ip) & mask) >>> 0 === (toUint32(base) & mask) >>> 0;
}

function toUint32(ip: string): number {
  return ip.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}
