/**
 * Standard base64 (RFC 4648 section 4) with its padding: what KMS writes a `CiphertextBlob` in. Length a
 * multiple of four, so that a value cut short by a copy and paste is caught before it reaches KMS.
 */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Whether `text` is non-empty standard base64; surrounding white space is not part of it. */
export function isBase64(text: string): boolean {
  return text !== '' && BASE64.test(text);
}
