import { EVENT_TEXT_MAX, fromEvent } from './limits';

const MAX_IDS = 10;

/**
 * The id the trigger's platform gave this delivery, for log correlation: an operator who finds the SNS
 * message or the EventBridge event (its `id`, AWS and Alibaba CloudEvents alike) finds every line of the
 * invocation it caused, and the retries of the same delivery share it. Several ids (an SNS or CloudEvents
 * batch) are joined with commas, at most ten. `undefined` when the payload carries none: a timer, a
 * CloudMonitor event, a manual invoke. Never throws: it runs on payloads the parser may refuse.
 *
 * SNS: `Records[].Sns.MessageId` (https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html);
 * EventBridge: the envelope's `id` (https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html);
 * Alibaba EventBridge: the CloudEvents `id` (see events/alicloud-eventbridge-ha-switch.json).
 */
export function deliveryIdOf(payload: unknown): string | undefined {
  const items = Array.isArray(payload) ? payload : [payload];
  const ids = items.slice(0, MAX_IDS).flatMap((item) => idsOf(item));
  return ids.length > 0 ? fromEvent(ids.join(','), EVENT_TEXT_MAX.id * 2) : undefined;
}

function idsOf(item: unknown): string[] {
  if (!isObject(item)) return [];
  if (Array.isArray(item.Records)) {
    return item.Records.slice(0, MAX_IDS).flatMap((record: unknown) => {
      const sns = isObject(record) ? record.Sns : undefined;
      return isObject(sns) && typeof sns.MessageId === 'string' ? [sns.MessageId] : [];
    });
  }
  return typeof item.id === 'string' && item.id !== '' ? [item.id] : [];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
