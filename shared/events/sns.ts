import { EventParseError } from './errors';
import { isObject, stringField } from './json';
import type { JsonObject } from './json';
import { EVENT_TEXT_MAX, fromEvent } from './limits';
import { rdsEventIdOf, startsSettleWindow } from './rds-event-ids';
import { RdsSourceType } from './types';
import type { RdsEvent, Trigger } from './types';

/** Whether a Lambda payload is an SNS delivery: `{"Records":[{"EventSource":"aws:sns","Sns":{...}}]}`. */
export function isSnsEvent(payload: unknown): payload is { Records: unknown[] } {
  return (
    isObject(payload) &&
    Array.isArray(payload.Records) &&
    payload.Records.length > 0 &&
    payload.Records.every((record) => isObject(record) && record.EventSource === 'aws:sns')
  );
}

/**
 * Parses an RDS event subscription delivered through SNS. `Sns.Message` is a JSON string, e.g.
 * `{"Event Source":"db-cluster","Source ID":"orders","Event ID":"http://docs.aws.amazon.com/...#RDS-EVENT-0071",
 * "Event Message":"Completed failover to DB instance: orders-instance-2"}`.
 * The plain-text notice RDS sends when a subscription is created is recognised and ignored.
 */
export function parseSnsEvent(payload: { Records: unknown[] }): Trigger {
  const events: RdsEvent[] = [];
  const notices: string[] = [];
  const skipped: string[] = [];
  payload.Records.forEach((record, index) => {
    try {
      parseRecord(record, index);
    } catch (error) {
      // One record we cannot use does not cost the others: they are acted on, it is reported.
      if (!(error instanceof EventParseError) || payload.Records.length === 1) throw error;
      skipped.push(error.message);
    }
  });
  if (events.length === 0 && skipped.length > 0) {
    throw new EventParseError(`no RDS event in ${payload.Records.length} SNS records: ${skipped.join('; ')}`);
  }
  if (events.length === 0)
    return { kind: 'ignored', reason: `RDS subscription notice: ${excerpt(notices[0] ?? '')}` };
  return { kind: 'rds-event', via: 'sns', events, ...(skipped.length > 0 ? { skipped } : {}) };

  function parseRecord(record: unknown, index: number): void {
    const message = isObject(record) && isObject(record.Sns) ? stringField(record.Sns, 'Message') : undefined;
    if (message === undefined)
      throw new EventParseError(`SNS record ${index}: Sns.Message is missing or empty`);
    const body = parseJson(message);
    if (body === undefined) {
      if (!/subscription/i.test(message)) {
        throw new EventParseError(
          `SNS record ${index}: Sns.Message is neither an RDS event (JSON) nor a subscription notice: ${excerpt(message)}`,
        );
      }
      notices.push(message);
      return;
    }
    events.push(rdsEventOf(body, index));
  }
}

function rdsEventOf(body: JsonObject, index: number): RdsEvent {
  const sourceId = stringField(body, 'Source ID');
  if (sourceId === undefined) throw new EventParseError(`SNS record ${index}: RDS event has no "Source ID"`);
  const eventId = rdsEventIdOf(stringField(body, 'Event ID'));
  return {
    ...(eventId ? { eventId } : {}),
    sourceType: sourceTypeOf(stringField(body, 'Event Source')),
    sourceId: fromEvent(sourceId, EVENT_TEXT_MAX.id),
    message: fromEvent(stringField(body, 'Event Message') ?? '', EVENT_TEXT_MAX.message),
    settles: startsSettleWindow(eventId),
  };
}

function sourceTypeOf(eventSource: string | undefined): RdsSourceType {
  switch (eventSource) {
    case 'db-instance':
      return RdsSourceType.Instance;
    case 'db-cluster':
      return RdsSourceType.Cluster;
    default:
      return eventSource?.includes('blue-green') ? RdsSourceType.BlueGreen : RdsSourceType.Other;
  }
}

function parseJson(text: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function excerpt(text: string): string {
  return fromEvent(text, 160);
}
