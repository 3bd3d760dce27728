import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { main as otsProto } from 'tablestore/lib/protocol/tablestore_compiled_proto.js';
import { signaturesEqual } from './rpc-signature';
import type { RpcCredentials } from './types';

/**
 * A Tablestore error as the service answers it: an HTTP status and a protobuf `Error { code, message }`
 * body. Codes, statuses and messages are those of the Tablestore API reference's error code page
 * (错误码参考); where the lab had to choose, the factory below says so.
 */
export class OtsError extends Error {
  override readonly name = 'OtsError';

  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** The protobuf body. */
  encode(): Buffer {
    return Buffer.from(otsProto.proto.Error.encode({ code: this.code, message: this.message }).finish());
  }
}

export const otsErrors = {
  conditionCheckFail: () => new OtsError('OTSConditionCheckFail', 'Condition check failed.', 403),
  tableNotExist: () => new OtsError('OTSObjectNotExist', 'Requested table does not exist.', 404),
  tableAlreadyExist: () => new OtsError('OTSObjectAlreadyExist', 'Requested table already exists.', 409),
  parameterInvalid: (detail: string) => new OtsError('OTSParameterInvalid', detail, 400),
  authFailed: (detail: string) => new OtsError('OTSAuthFailed', detail, 403),
  missingHeader: (name: string) => new OtsError('OTSMissingHeader', `Missing header: '${name}'.`, 400),
  unsupportedOperation: (action: string) =>
    new OtsError('OTSUnsupportOperation', `Unsupported operation: '${action}'.`, 400),
  /** The lab's choice: the reference lists 405 for a method other than POST without a code it names. */
  methodNotAllowed: (method: string) =>
    new OtsError('OTSMethodNotAllowed', `Unsupported HTTP method: '${method}'.`, 405),
  serverBusy: () => new OtsError('OTSServerBusy', 'Server is busy.', 503),
  quotaExhausted: () => new OtsError('OTSQuotaExhausted', 'Too frequent table operations.', 403),
  internalServerError: () => new OtsError('OTSInternalServerError', 'Internal server error.', 500),
  /** The lab's choice of code: the reference names none for a body over the limit. */
  requestTooLarge: (maxBytes: number) =>
    new OtsError('OTSRequestBodyTooLarge', `Request body is larger than ${maxBytes} bytes.`, 413),
} as const;

/** The API version the SDK stamps in `x-ots-apiversion` (`lib/client.js` `populateHeader`). */
export const OTS_API_VERSION = '2015-12-31';

const SIGNATURE = 'x-ots-signature';
/** What the SDK's signer and the service require on every request, besides the signature. */
const REQUIRED_HEADERS = [
  'x-ots-date',
  'x-ots-apiversion',
  'x-ots-accesskeyid',
  'x-ots-instancename',
  'x-ots-contentmd5',
] as const;
/** `x-ots-date`: ISO 8601 with milliseconds, what the SDK's `util.date.iso8601` (`toISOString`) writes. */
const OTS_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

/**
 * `CanonicalURI \n Method \n CanonicalQueryString \n CanonicalHeaders \n`, the text Tablestore signs
 * ("Signature" in the API reference; the SDK's `lib/signer.js`): the headers are every `x-ots-*` but the
 * signature, names lower-cased, sorted, as `name:value`, one a line. The query string is always empty.
 */
export function otsStringToSign(path: string, method: string, headers: IncomingHttpHeaders): string {
  const canonical = Object.keys(headers)
    .map((name) => name.toLowerCase())
    .filter((name) => name.startsWith('x-ots-') && name !== SIGNATURE)
    .sort()
    .map((name) => `${name}:${headerValue(headers, name)?.trim() ?? ''}`)
    .join('\n');
  return `${path}\n${method}\n\n${canonical}\n`;
}

/** base64(HMAC-SHA1(secret, stringToSign)), the `x-ots-signature` header. */
export function otsSignature(secret: string, stringToSign: string): string {
  return createHmac('sha1', secret).update(stringToSign).digest('base64');
}

/** base64(MD5(body)), the `x-ots-contentmd5` header. */
export function contentMd5(body: Uint8Array): string {
  return createHash('md5').update(body).digest('base64');
}

/** Who a verified request came from. */
export interface OtsCaller {
  readonly accessKeyId: string;
  readonly instance: string;
  readonly securityTokenSent: boolean;
}

/**
 * Checks a request the way the service's front end does, first failure wins: required headers, their
 * shape, the body's MD5, the key, then the HMAC. `x-ots-date` is checked for shape only: the SDK stamps
 * the wall clock and the lab runs on a virtual one (the service refuses more than 15 minutes of skew).
 */
export function verifyOtsRequest(
  path: string,
  method: string,
  headers: IncomingHttpHeaders,
  body: Uint8Array,
  credentials: RpcCredentials,
): OtsCaller {
  for (const name of [...REQUIRED_HEADERS, SIGNATURE]) {
    if ((headerValue(headers, name) ?? '') === '') throw otsErrors.missingHeader(name);
  }
  if (!OTS_DATE.test(headerValue(headers, 'x-ots-date') ?? '')) {
    throw otsErrors.parameterInvalid('Invalid date format: x-ots-date.');
  }
  if (headerValue(headers, 'x-ots-apiversion') !== OTS_API_VERSION) {
    throw otsErrors.parameterInvalid(`Unsupported API version: ${headerValue(headers, 'x-ots-apiversion')}.`);
  }
  // The lab's choice of code: the reference does not name the one for a body that fails its MD5.
  if (headerValue(headers, 'x-ots-contentmd5') !== contentMd5(body)) {
    throw otsErrors.parameterInvalid('Content MD5 mismatch.');
  }
  const accessKeyId = headerValue(headers, 'x-ots-accesskeyid') ?? '';
  const secret = Object.hasOwn(credentials, accessKeyId) ? credentials[accessKeyId] : undefined;
  if (secret === undefined) throw otsErrors.authFailed('The AccessKeyID does not exist.');
  const expected = otsSignature(secret, otsStringToSign(path, method, headers));
  if (!signaturesEqual(expected, headerValue(headers, SIGNATURE) ?? '')) {
    throw otsErrors.authFailed('Signature mismatch.');
  }
  return {
    accessKeyId,
    instance: headerValue(headers, 'x-ots-instancename') ?? '',
    securityTokenSent: (headerValue(headers, 'x-ots-ststoken') ?? '') !== '',
  };
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
