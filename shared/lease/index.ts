export * from './types';
export * from './errors';
export * from './memory-store';
export * from './lease';
