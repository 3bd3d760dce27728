export * from './types';
export * from './errors';
export * from './rds-event-ids';
export { parseAwsTrigger } from './parse-aws';
