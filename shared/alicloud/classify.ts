import { scrubbedError } from '../core/scrub';
import { AlicloudClientCode } from './constants';
import { AlicloudApiError, AlicloudResponseError } from './errors';
import type { AlicloudError } from './errors';

/**
 * Turns whatever pop-core's `request` threw into an `AlicloudError`. Checks are structural, never
 * `instanceof Error`: under Jest, errors from Node's http module come from another realm, and
 * json-bigint (pop-core's parser) throws a plain object, not a `SyntaxError`.
 */
export function classifyPopCoreError(
  action: string,
  thrown: unknown,
  timeoutMs: number,
  credentials: readonly (string | undefined)[] = [],
): AlicloudError {
  // The raw error is not kept: its `data.Message` of a SignatureDoesNotMatch holds the string to sign,
  // STS token included, and its `entry` the request.
  const cause = { cause: scrubbedError(thrown, credentials) };
  const api = apiErrorFields(thrown);
  if (api) {
    const request = api.requestId === undefined ? '' : ` (RequestId ${api.requestId})`;
    return new AlicloudApiError(
      action,
      api.code,
      `${action}: ${api.message}${request}`,
      api.requestId,
      cause,
    );
  }
  if (nameOf(thrown) === 'RequestTimeoutError') {
    const message = `${action}: no response within ${timeoutMs} ms`;
    return new AlicloudApiError(action, AlicloudClientCode.Timeout, message, undefined, cause);
  }
  if (nameOf(thrown) === 'SyntaxError') return unparsable(action, thrown);
  // pop-core reads `json.Code` without checking that the body parsed to an object: a `null` body.
  if (nameOf(thrown) === 'TypeError') {
    const message = `${action}: the response body is not a JSON object`;
    return new AlicloudApiError(action, AlicloudClientCode.InvalidResponse, message, undefined, cause);
  }
  const code = stringField(thrown, 'code');
  const message = `${action}: ${code ? `${code}: ` : ''}${networkMessage(thrown)}`;
  return new AlicloudApiError(action, AlicloudClientCode.NetworkError, message, undefined, cause);
}

/** httpx glues `POST <url> failed.` to Node's message without a space: `...127.0.0.1:443POST https://...`. */
function networkMessage(thrown: unknown): string {
  const message = stringField(thrown, 'message') ?? String(thrown);
  return redactUrls(message.replace(/\s?(GET|POST) (https?:\/\/\S*) failed\.$/, '; $1 $2 failed.'));
}

/** The error body pop-core threw for a `Code` outside {200, OK, Success}, or `undefined`. */
function apiErrorFields(
  thrown: unknown,
): { code: string; message: string; requestId: string | undefined } | undefined {
  const code = stringField(thrown, 'code');
  const data = field(thrown, 'data');
  if (code === undefined || typeof data !== 'object' || data === null) return undefined;
  // pop-core's message is `${json.Message}, URL: ${url}`: "undefined, URL: ..." when the body has none.
  const apiMessage = stringField(data, 'Message');
  const thrownMessage = stringField(thrown, 'message');
  const message =
    apiMessage === undefined
      ? '(the error body has no Message)'
      : stripPopCoreUrl(thrownMessage ?? apiMessage);
  return { code, message, requestId: stringField(data, 'RequestId') };
}

/** json-bigint's `{ name: 'SyntaxError', message, at, text }`; `text` is the whole body, never copied. */
function unparsable(action: string, thrown: unknown): AlicloudError {
  const text = field(thrown, 'text');
  if (typeof text === 'string' && text.trim() === '') {
    return new AlicloudResponseError(action, ['the body is empty'], undefined, {
      cause: scrubbedError(thrown),
    });
  }
  const at = field(thrown, 'at');
  const where = typeof at === 'number' ? ` at character ${at}` : '';
  const message = `${action}: the response body is not JSON (${stringField(thrown, 'message') ?? 'unparsable'}${where})`;
  return new AlicloudApiError(action, AlicloudClientCode.InvalidResponse, message, undefined, {
    cause: scrubbedError(thrown),
  });
}

/**
 * pop-core appends `, URL: <url>` to the service's message. With GET that URL holds the signature,
 * the AccessKeyId and the STS token; we always POST, but strip it whatever the method.
 */
export function stripPopCoreUrl(message: string): string {
  return redactUrls(message.replace(/, URL: [\s\S]*$/, ''));
}

/** Drops the query string of every URL in `text`: with GET, that is where the credentials are. */
export function redactUrls(text: string): string {
  return text.replace(/(https?:\/\/[^\s?]*)\?\S*/g, '$1?[redacted]');
}

const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && key in value
    ? (value as Record<string, unknown>)[key]
    : undefined;

const stringField = (value: unknown, key: string): string | undefined => {
  const found = field(value, key);
  return typeof found === 'string' ? found : undefined;
};

const nameOf = (value: unknown): string | undefined => stringField(value, 'name');
