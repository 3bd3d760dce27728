export * from './types';
export * from './errors';
export * from './memory-store';
export * from './tablestore-constants';
export * from './tablestore-endpoint';
export * from './tablestore-client';
export * from './tablestore-store';
