import { EventParseError } from './errors';
import type { JsonObject } from './json';
import type { Trigger } from './types';

const MANUAL_FIELDS = ['bindings', 'dryRun'];

/**
 * Parses a manual invoke payload: `{"bindings":["orders"],"dryRun":true}`. Both fields are optional:
 * `{}` reconciles every binding for real.
 */
export function parseManualPayload(payload: JsonObject): Trigger {
  const unknown = Object.keys(payload).filter((key) => !MANUAL_FIELDS.includes(key));
  if (unknown.length > 0) {
    throw new EventParseError(
      `unrecognised payload: unknown field(s) ${unknown.map((k) => `'${k}'`).join(', ')}; ` +
        `a manual invoke takes {"bindings": ["name", ...], "dryRun": true|false}`,
    );
  }
  const { bindings, dryRun } = payload;
  if (
    bindings !== undefined &&
    !(Array.isArray(bindings) && bindings.every((b) => typeof b === 'string' && b))
  ) {
    throw new EventParseError('manual payload: bindings must be a list of binding names');
  }
  if (dryRun !== undefined && typeof dryRun !== 'boolean') {
    throw new EventParseError('manual payload: dryRun must be true or false');
  }
  return { kind: 'manual', dryRun: dryRun ?? false, ...(bindings ? { bindings: bindings as string[] } : {}) };
}
