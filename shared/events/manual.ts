import { EventParseError } from './errors';
import type { JsonObject } from './json';
import { fromEvent } from './limits';
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
      `unrecognised payload: unknown field(s) ${unknown
        .slice(0, 10)
        .map((k) => `'${fromEvent(k, 40)}'`)
        .join(', ')}; ` + `a manual invoke takes {"bindings": ["name", ...], "dryRun": true|false}`,
    );
  }
  const { bindings, dryRun } = payload;
  if (
    bindings !== undefined &&
    !(
      Array.isArray(bindings) &&
      bindings.every((b) => typeof b === 'string' && /^[a-z0-9][a-z0-9-]{0,62}$/.test(b))
    )
  ) {
    throw new EventParseError(
      'manual payload: bindings must be a list of binding names (lower-case letters, digits and dashes)',
    );
  }
  if (dryRun !== undefined && typeof dryRun !== 'boolean') {
    throw new EventParseError('manual payload: dryRun must be true or false');
  }
  return { kind: 'manual', dryRun: dryRun ?? false, ...(bindings ? { bindings: bindings as string[] } : {}) };
}
