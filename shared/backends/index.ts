export type { Pool } from './pool';
export { PoolApiError } from './errors';
export type { PoolStep } from './errors';
export { waitHealthy } from './wait-healthy';
export type { WaitHealthyOutcome } from './wait-healthy';
export { createElbv2Pool } from './aws-elbv2/elbv2-pool';
export type { RelayGroup } from './relay-group';
export { createNlbPool } from './alicloud-nlb';
export { createClbRelayGroup } from './alicloud-clb';
