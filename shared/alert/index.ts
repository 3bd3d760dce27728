export { alertMessageOf, summarize, summaryText } from './message';
export type { AlertMessage, AlertReport, SummaryLine } from './message';
export { combineSinks } from './sink';
export type { AlertDelivery, AlertSink } from './sink';
export { createSnsSink } from './sns-sink';
export { createWebhookSink } from './webhook-sink';
export type { WebhookSinkOptions } from './webhook-sink';
export { CLOUDMONITOR_EVENT_NAME, createCloudMonitorSink } from './cloudmonitor-sink';
export type { CloudMonitorRpc, CloudMonitorSinkOptions } from './cloudmonitor-sink';
