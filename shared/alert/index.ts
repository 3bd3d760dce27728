export { formatAlert, summarize } from './message';
export type { AlertMessage } from './message';
export { combineSinks } from './sink';
export type { AlertDelivery, AlertSink } from './sink';
export { createSnsSink } from './sns-sink';
