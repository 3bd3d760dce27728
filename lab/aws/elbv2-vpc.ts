import { isIPv4 } from 'node:net';
import { cidrMatcher, DEFAULT_ALLOWED_CIDRS } from '../../shared/core/cidr';
import { QueryError } from './query-protocol';

/** One subnet of a target group's VPC: AWS detects an IP target's zone from the subnet it falls in. */
export interface SubnetSpec {
  readonly cidr: string;
  readonly zone: string;
}

/** The VPC of a target group, as far as target registration cares: its subnets and their zones. */
export interface VpcSpec {
  readonly subnets: readonly SubnetSpec[];
}

/**
 * The lab's default VPC: wide enough that every test that does not care about VPCs keeps its targets
 * inside it (10.0.0.0/8 is no real VPC's CIDR, which is at most a /16 per block). Peered-VPC tests name
 * a real-sized VPC instead.
 */
export const LAB_DEFAULT_VPC: VpcSpec = {
  subnets: [
    { cidr: '10.0.0.0/9', zone: 'us-east-1a' },
    { cidr: '10.128.0.0/9', zone: 'us-east-1b' },
  ],
};

/** The zone `AvailabilityZone: all` stands for: every zone the load balancer has enabled. */
export const ALL_ZONES = 'all';

/**
 * The zone AWS records for an IPv4 target given with `requested` (or none), or the error it answers.
 * Checked on RegisterTargets and DeregisterTargets alike. AWS decides by VPC subnet membership, not by
 * address range:
 *
 * - in one of the VPC's subnets: the zone is detected; naming another one (or `all`) is refused with
 *   `ValidationError: The IP address '...' is within the VPC, and cannot have its Availability Zone
 *   overridden to 'all' from 'us-east-1b'` (kubernetes-sigs/aws-load-balancer-controller#561, 2018);
 * - outside the VPC without a valid zone (`all` or an enabled zone): `ValidationError: You must specify a
 *   valid Availability Zone or select 'all' for all enabled Availability zones, since the IP address
 *   '...' is outside the VPC` (aws-load-balancer-controller#3084, 2023; a later wording, `The
 *   Availability Zone is required for IP address '...' because it is not in the VPC`, is in #3714 and in
 *   aws-samples/hostname-as-target-for-elastic-load-balancer#6, the latter on deregistration);
 * - outside the VPC, an address outside RFC 1918 and 100.64.0.0/10 is never accepted, whatever the zone
 *   ("You can't specify publicly routable IP addresses", `TargetDescription` in the ELBv2 API reference
 *   and the CDK `IpTarget` doc). The code is the documented `InvalidTarget`; its message text is the
 *   lab's own: no capture of AWS's was found.
 *
 * IPv6 targets are not modelled: they pass with the zone they were given.
 */
export function zoneForTarget(ip: string, requested: string | undefined, vpc: VpcSpec): string | undefined {
  if (!isIPv4(ip)) return requested;
  const detected = vpc.subnets.find((subnet) => cidrMatcher([subnet.cidr])(ip))?.zone;
  if (detected !== undefined) {
    if (requested !== undefined && requested !== detected) {
      throw new QueryError(
        'ValidationError',
        `The IP address '${ip}' is within the VPC, and cannot have its Availability Zone overridden to '${requested}' from '${detected}'`,
      );
    }
    return detected;
  }
  if (!cidrMatcher(DEFAULT_ALLOWED_CIDRS)(ip)) {
    throw new QueryError(
      'InvalidTarget',
      `The IP address '${ip}' is outside the VPC and publicly routable: only RFC 1918 and 100.64.0.0/10 addresses can be registered from outside the VPC`,
    );
  }
  const enabledZones = new Set(vpc.subnets.map((subnet) => subnet.zone));
  if (requested === undefined || (requested !== ALL_ZONES && !enabledZones.has(requested))) {
    throw new QueryError(
      'ValidationError',
      `You must specify a valid Availability Zone or select 'all' for all enabled Availability zones, since the IP address '${ip}' is outside the VPC`,
    );
  }
  return requested;
}
