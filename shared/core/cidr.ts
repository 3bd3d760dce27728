import { BlockList, isIPv4 } from 'node:net';

/** RFC 1918 and the carrier-grade NAT range: the addresses an ELBv2 IP target may have. */
export const DEFAULT_ALLOWED_CIDRS = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
] as const;

/** Parses `a.b.c.d/n`; returns undefined when it is not an IPv4 CIDR block. */
export function parseCidr(cidr: string): { network: string; prefix: number } | undefined {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(cidr.trim());
  if (!match || !isIPv4(match[1] ?? '')) return undefined;
  const prefix = Number(match[2]);
  return prefix >= 0 && prefix <= 32 ? { network: match[1] as string, prefix } : undefined;
}

/** A predicate telling whether an IPv4 address lies in one of `cidrs`. Invalid blocks match nothing. */
export function cidrMatcher(cidrs: readonly string[]): (ip: string) => boolean {
  const blocks = new BlockList();
  for (const cidr of cidrs) {
    const parsed = parseCidr(cidr);
    if (parsed) blocks.addSubnet(parsed.network, parsed.prefix, 'ipv4');
  }
  return (ip) => isIPv4(ip) && blocks.check(ip, 'ipv4');
}
