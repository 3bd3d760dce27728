import { EventParseError } from './errors';
import { parseEventBridgeEvent, isEventBridgeEvent } from './eventbridge';
import { isObject } from './json';
import { keysOf } from './limits';
import { parseManualPayload } from './manual';
import { typedErrorsOnly } from './typed-errors';
import { isSnsEvent, parseSnsEvent } from './sns';
import type { Trigger } from './types';

/** Turns whatever invoked an AWS function into a `Trigger`, or throws `EventParseError` saying why not. */
export function parseAwsTrigger(payload: unknown): Trigger {
  return typedErrorsOnly(() => parseAws(payload));
}

function parseAws(payload: unknown): Trigger {
  if (isSnsEvent(payload)) return parseSnsEvent(payload);
  if (isEventBridgeEvent(payload)) return parseEventBridgeEvent(payload);
  if (isObject(payload) && !('Records' in payload) && !('source' in payload) && !('detail-type' in payload)) {
    return parseManualPayload(payload);
  }
  throw new EventParseError(
    `unrecognised payload (${describe(payload)}): expected an SNS delivery of RDS events, an EventBridge ` +
      `RDS or Scheduled Event, or a manual {"bindings": [...], "dryRun": ...}`,
  );
}

function describe(payload: unknown): string {
  if (Array.isArray(payload)) return 'an array';
  if (payload === null) return 'null';
  if (isObject(payload)) return `an object with keys ${keysOf(payload)}`;
  return `a ${typeof payload}`;
}
