import { isCloudEvent, isCloudMonitorEvent, parseCloudEvents, parseCloudMonitorEvent } from './alicloud';
import { EventParseError } from './errors';
import { isObject, stringField } from './json';
import type { JsonObject } from './json';
import { EVENT_TEXT_MAX, fromEvent, keysOf } from './limits';
import { parseManualPayload } from './manual';
import { typedErrorsOnly } from './typed-errors';
import type { Trigger } from './types';

/** Keys that say a payload is some trigger's event, so it is never taken for a manual invoke. */
const TRIGGER_KEYS = ['specversion', 'source', 'type', 'triggerName', 'triggerTime', 'product'];

/**
 * The JSON value of what Function Compute hands a handler: a Buffer (Node.js runtimes), a string, or
 * an already parsed value. Throws `EventParseError` for an empty or non-JSON payload. Handlers decode
 * once and pass the result to `parseAlicloudTrigger` and to the log.
 */
export function decodeAlicloudPayload(payload: unknown): unknown {
  if (payload instanceof Uint8Array) return decodeText(Buffer.from(payload).toString('utf8'));
  if (typeof payload === 'string') return decodeText(payload);
  return payload;
}

/**
 * Turns whatever invoked a Function Compute function into a `Trigger`, or throws `EventParseError`
 * saying why not: the timer trigger, EventBridge CloudEvents about RDS (one, or a batch as an array),
 * CloudMonitor RDS events, and the manual `{"bindings":["billing"],"dryRun":true}`. An RDS event whose
 * name is unknown comes back with `unknownEvent: true`: the handler logs the payload whole.
 */
export function parseAlicloudTrigger(payload: unknown): Trigger {
  return typedErrorsOnly(() => parseDecoded(decodeAlicloudPayload(payload)));
}

function parseDecoded(value: unknown): Trigger {
  if (isTimerPayload(value))
    return { kind: 'schedule', time: fromEvent(value.triggerTime, EVENT_TEXT_MAX.time) };
  if (isCloudEvent(value)) return parseCloudEvents([value]);
  if (Array.isArray(value) && value.some(isCloudEvent)) return parseCloudEvents(value);
  if (isCloudMonitorEvent(value)) return parseCloudMonitorEvent(value);
  if (isObject(value) && !TRIGGER_KEYS.some((key) => key in value)) return parseManualPayload(value);
  throw new EventParseError(
    `unrecognised payload (${describe(value)}): expected a timer trigger, an EventBridge CloudEvent or a ` +
      `CloudMonitor event about RDS, or a manual {"bindings": [...], "dryRun": ...}`,
  );
}

/** `{"triggerTime":"2018-02-09T05:49:00Z","triggerName":"timer","payload":"..."}`. */
function isTimerPayload(value: unknown): value is JsonObject & { triggerTime: string } {
  return (
    isObject(value) &&
    stringField(value, 'triggerName') !== undefined &&
    stringField(value, 'triggerTime') !== undefined
  );
}

function decodeText(text: string): unknown {
  if (text.trim() === '') {
    throw new EventParseError('empty payload: send {} to reconcile every binding, or a trigger event');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const excerpt = fromEvent(text, EVENT_TEXT_MAX.quoted);
    throw new EventParseError(
      `payload is not JSON (${fromEvent((error as Error).message, 200)}): ${excerpt}`,
      {
        cause: error,
      },
    );
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null) return 'null';
  if (isObject(value)) return `an object with keys ${keysOf(value)}`;
  return `a ${typeof value}`;
}
