export * from './types';
export * from './errors';
export * from './memory-store';
export * from './dynamodb-client';
export * from './dynamodb-item';
export * from './dynamodb-store';
