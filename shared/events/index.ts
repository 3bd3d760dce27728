export * from './types';
export * from './errors';
export * from './rds-event-ids';
export { parseAwsTrigger } from './parse-aws';
export { ALICLOUD_SETTLE_EVENTS, alicloudSettleEventOf } from './alicloud';
export type { AlicloudSettleEvent } from './alicloud';
export { decodeAlicloudPayload, parseAlicloudTrigger } from './parse-alicloud';
export { deliveryIdOf } from './delivery-id';
