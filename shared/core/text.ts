/**
 * Text copied from input (an event's id, a DNS name, a cloud's error message) into a log line, a report
 * or an alert. It must be valid UTF-16, or the SNS client's `encodeURIComponent` throws `URIError` on a
 * lone surrogate; and it must be short, or one hostile field makes a 2 MB log line or an alert the sink
 * refuses.
 */

/** `text` with every lone surrogate replaced by U+FFFD, as `String.prototype.toWellFormed` does. */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

const ELLIPSIS = '...';

/** At most `max` UTF-16 units, cut between characters (never inside a surrogate pair), marked `...`. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - ELLIPSIS.length);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}${ELLIPSIS}`;
}

/** At most `maxBytes` bytes of UTF-8, cut between characters, marked `...`. */
export function capUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  // A UTF-16 unit is at most 3 UTF-8 bytes (a pair, 2 units, is 4): start from a safe length and grow.
  let low = Math.floor((maxBytes - ELLIPSIS.length) / 3);
  let high = Math.min(text.length, maxBytes - ELLIPSIS.length);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (Buffer.byteLength(capText(text, mid + ELLIPSIS.length), 'utf8') <= maxBytes) low = mid;
    else high = mid - 1;
  }
  return capText(text, low + ELLIPSIS.length);
}

/** Well-formed and capped: what every text taken from input becomes before it is written anywhere. */
export function safeText(text: string, max: number): string {
  return capText(wellFormed(text), max);
}
