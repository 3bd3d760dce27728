export type { CallContext, Pool } from './pool';
export type { DrainControl } from './drain-control';
export { PoolApiError } from './errors';
export type { PoolStep } from './errors';
export { toPoolApiError } from './to-pool-error';
export { createElbv2Pool } from './aws-elbv2/elbv2-pool';
export type { Elbv2Target } from './aws-elbv2/elbv2-pool';
export { createNlbPool } from './alicloud-nlb';
export { createClbRelayGroup } from './alicloud-clb';
