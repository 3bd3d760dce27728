import { safeText } from '../core/text';

/**
 * How much of each field an event may bring into a trigger, and from there into logs, reports and
 * alerts. An RDS identifier is at most 63 characters and an ApsaraDB id shorter; event names are short;
 * RDS messages are a sentence. Anything longer is not an RDS event's text, and is cut rather than copied.
 */
export const EVENT_TEXT_MAX = {
  id: 128,
  eventId: 128,
  message: 500,
  /** An ISO 8601 time is 20 to 30 characters. */
  time: 64,
  /** A value quoted in an error message. */
  quoted: 80,
} as const;

/** A text from an event, made safe to copy: valid UTF-16 and at most `max` characters. */
export function fromEvent(text: string, max: number): string {
  return safeText(text, max);
}

/** The keys of an object, as an error message lists them: at most ten, each cut short. */
export function keysOf(object: object): string {
  const keys = Object.keys(object);
  const shown = keys.slice(0, 10).map((key) => fromEvent(key, 40));
  return keys.length > 10 ? `${shown.join(', ')} and ${keys.length - 10} more` : shown.join(', ');
}
