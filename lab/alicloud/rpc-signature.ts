import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Percent-encodes as pop-core does before signing: `encodeURIComponent`, plus `! ' ( ) *`, which it
 * leaves alone but RFC 3986 reserves. `~` stays as it is.
 */
export function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * `k=v&k=v` over every parameter except `Signature`, keys and values percent-encoded, sorted by the
 * decoded key in UTF-16 code unit order (what pop-core's `Object.keys(...).sort()` does).
 */
export function canonicalQuery(params: Iterable<readonly [string, string]>): string {
  return [...params]
    .filter(([key]) => key !== 'Signature')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`)
    .join('&');
}

/** `METHOD&%2F&` + the encoded canonical query: the text RPC signature v1 signs. */
export function stringToSign(method: string, params: Iterable<readonly [string, string]>): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
}

/** base64(HMAC-SHA1(secret + '&', stringToSign)), the `Signature` parameter. */
export function signRpc(method: string, params: Iterable<readonly [string, string]>, secret: string): string {
  return createHmac('sha1', `${secret}&`).update(stringToSign(method, params)).digest('base64');
}

/** Compares two signatures in constant time. */
export function signaturesEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
