export * from './types';
export * from './keys';
export * from './cidr';
export * from './resolution';
export * from './plan';
export * from './binding';
export * from './clock';
export * from './report';
