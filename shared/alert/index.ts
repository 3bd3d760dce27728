export { formatAlert, summarize } from './message';
export type { AlertMessage } from './message';
export { combineSinks } from './sink';
export type { AlertDelivery, AlertSink } from './sink';
export { createSnsSink } from './sns-sink';
export { alertBodyParts, createWebhookSink } from './webhook-sink';
export type { AlertBodyParts, WebhookSinkOptions } from './webhook-sink';
export { CLOUDMONITOR_EVENT_NAME, createCloudMonitorSink } from './cloudmonitor-sink';
export type { CloudMonitorRpc, CloudMonitorSinkOptions } from './cloudmonitor-sink';
