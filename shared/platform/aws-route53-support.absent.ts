import type * as Support from './aws-route53-support';
import { notBundled } from './not-bundled';

/** Stands in for `aws-route53-support.ts` in an AWS bundle whose bindings use no Route 53 pools or sources: see there. */
const absent = notBundled('Route 53 pools or sources');
export const createRoute53RecordPool: typeof Support.createRoute53RecordPool = absent;
export const createRoute53Resolver: typeof Support.createRoute53Resolver = absent;
export const createRoute53Client: typeof Support.createRoute53Client = absent;
