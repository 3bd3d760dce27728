export { loadConfig, parseConfig } from './load';
export { ConfigError } from './errors';
