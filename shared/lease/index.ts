export * from './types';
export * from './errors';
export * from './memory-store';
export * from './lease';
export * from './dynamodb-client';
export * from './dynamodb-item';
export * from './dynamodb-store';
