import { isIP } from 'node:net';
import { decodeMemberList, QueryError } from './query-protocol';

/** A decoded `TargetDescription`, with the group's port filled in when the caller left it out. */
export interface TargetDescription {
  id: string;
  port: number;
  availabilityZone?: string;
}

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

/** A missing or malformed parameter, which AWS reports as `ValidationError`. */
export function validation(message: string): QueryError {
  return new QueryError('ValidationError', message);
}
