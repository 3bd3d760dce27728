export { createLogger, redact } from './logger';
export type { Logger, LogFields, LogLevel, LogRecord } from './logger';
