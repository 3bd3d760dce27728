import { EventParseError } from './errors';
import { isObject, stringField } from './json';
import type { JsonObject } from './json';
import { EVENT_TEXT_MAX, fromEvent } from './limits';
import { startsSettleWindow } from './rds-event-ids';
import { RdsSourceType } from './types';
import type { RdsEvent, Trigger } from './types';

const RDS_DETAIL_TYPES: Record<string, RdsSourceType> = {
  'RDS DB Instance Event': RdsSourceType.Instance,
  'RDS DB Cluster Event': RdsSourceType.Cluster,
  'RDS Blue Green Deployment Event': RdsSourceType.BlueGreen,
};

const SOURCE_TYPES: Record<string, RdsSourceType> = {
  DB_INSTANCE: RdsSourceType.Instance,
  CLUSTER: RdsSourceType.Cluster,
  BLUE_GREEN_DEPLOYMENT: RdsSourceType.BlueGreen,
};

/** Whether a payload looks like an EventBridge event (`source` and `detail-type`). */
export function isEventBridgeEvent(payload: unknown): payload is JsonObject {
  return (
    isObject(payload) && typeof payload.source === 'string' && typeof payload['detail-type'] === 'string'
  );
}

/**
 * Parses an EventBridge schedule tick or an RDS event, e.g.
 * `{"detail-type":"RDS DB Cluster Event","source":"aws.rds","detail":{"SourceType":"CLUSTER",
 * "SourceIdentifier":"orders","EventID":"RDS-EVENT-0071","EventCategories":["failover"],"Message":"..."}}`.
 */
export function parseEventBridgeEvent(event: JsonObject): Trigger {
  const source = event.source as string;
  const detailType = event['detail-type'] as string;
  if (source === 'aws.events' && detailType === 'Scheduled Event') {
    const time = stringField(event, 'time');
    return { kind: 'schedule', ...(time ? { time: fromEvent(time, EVENT_TEXT_MAX.time) } : {}) };
  }
  const typeFromDetailType = RDS_DETAIL_TYPES[detailType];
  if (source !== 'aws.rds' || typeFromDetailType === undefined) {
    throw new EventParseError(
      `unsupported EventBridge event: source '${fromEvent(source, EVENT_TEXT_MAX.quoted)}', detail-type '${fromEvent(detailType, EVENT_TEXT_MAX.quoted)}' ` +
        `(expected aws.rds instance, cluster or blue/green events, or an aws.events Scheduled Event)`,
    );
  }
  if (!isObject(event.detail)) throw new EventParseError(`EventBridge ${detailType}: detail is missing`);
  // detailType is one of RDS_DETAIL_TYPES here: safe to quote.
  return { kind: 'rds-event', via: 'eventbridge', events: [rdsEventOf(event.detail, typeFromDetailType)] };
}

function rdsEventOf(detail: JsonObject, typeFromDetailType: RdsSourceType): RdsEvent {
  // The docs show `rds:my-db-instance`; real events carry the bare identifier. Accept both, and fall
  // back to the ARN's last segment.
  const sourceId =
    stringField(detail, 'SourceIdentifier')?.replace(/^rds:/, '') ??
    stringField(detail, 'SourceArn')?.split(':').pop();
  if (!sourceId)
    throw new EventParseError('EventBridge RDS event: detail has no SourceIdentifier or SourceArn');
  // A real event arrived without EventID and with EventCategories ["empty"]: when the id is missing,
  // the failover category is the only sign left that DNS may be about to move.
  const rawEventId = stringField(detail, 'EventID');
  const eventId = rawEventId === undefined ? undefined : fromEvent(rawEventId, EVENT_TEXT_MAX.eventId);
  const categories = Array.isArray(detail.EventCategories) ? detail.EventCategories : [];
  return {
    ...(eventId ? { eventId } : {}),
    sourceType: SOURCE_TYPES[stringField(detail, 'SourceType') ?? ''] ?? typeFromDetailType,
    sourceId: fromEvent(sourceId, EVENT_TEXT_MAX.id),
    message: fromEvent(stringField(detail, 'Message') ?? '', EVENT_TEXT_MAX.message),
    settles: eventId ? startsSettleWindow(eventId) : categories.includes('failover'),
  };
}
