export { classifyDnsError, createDnsResolver, MAX_CNAME_HOPS } from './dns';
export type { DnsErrorMeaning, DnsQuerier, DnsResolver, DnsResolverOptions } from './dns';
export { createRdsApiResolver } from './alicloud-rds';
export { combineResolutions } from './combine';
export { createRoute53Resolver } from './route53-record';
