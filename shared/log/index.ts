export { createLogger, redact } from './logger';
export type { Logger, LogFields, LoggerOptions, LogRecord } from './logger';
export { LOG_LEVELS, logLevelOf } from './log-level';
export type { LogLevel, LogLevelSetting } from './log-level';
