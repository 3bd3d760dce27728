export * from './query-protocol';
export * from './faults';
export * from './types';
export * from './elbv2-health';
export * from './elbv2-targets';
export * from './elbv2-emulator';
export * from './sns-emulator';
export * from './server';
