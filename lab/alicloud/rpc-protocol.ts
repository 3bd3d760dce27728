import type { IncomingMessage } from 'node:http';
import { readBody } from '../read-body';
import { signaturesEqual, signRpc, stringToSign } from './rpc-signature';
import type { RpcCredentials } from './types';

/** Largest request body the emulators accept; CloudMonitor's 64 KiB event content fits well inside. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Why an action failed, in the terms an Alibaba Cloud RPC API answers with: the `Code` pop-core copies
 * to `err.code`, the `Message`, and the HTTP status (which pop-core ignores, but other clients read).
 */
export class RpcError extends Error {
  override readonly name = 'RpcError';

  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The parameters pop-core adds to every call; what is left is the action's own. */
export const COMMON_PARAMS: ReadonlySet<string> = new Set([
  'Action',
  'Version',
  'Format',
  'Timestamp',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'Signature',
  'AccessKeyId',
  'SecurityToken',
]);

/** pop-core's `Timestamp`: UTC, whole seconds, e.g. `2026-01-01T00:00:00Z`. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * Reads an RPC request's parameters: the query string, then for a POST the
 * `application/x-www-form-urlencoded` body (where pop-core puts everything when told `method: 'POST'`).
 */
export async function readRpcParams(
  req: IncomingMessage,
  maxBytes = MAX_BODY_BYTES,
): Promise<URLSearchParams> {
  const params = new URL(req.url ?? '/', 'http://lab').searchParams;
  const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  if (req.method !== 'POST' || !isForm) return params;
  const body = await readBody(
    req,
    maxBytes,
    () => new RpcError('RequestEntityTooLarge', `Request body is larger than ${maxBytes} bytes.`, 413),
  );
  for (const [key, value] of new URLSearchParams(body)) {
    params.set(key, value);
  }
  return params;
}

/** The caller a verified request came from. */
export interface VerifiedCaller {
  accessKeyId: string;
  securityTokenSent: boolean;
}

/**
 * Checks the RPC v1 signature the way the gateway does: the signing parameters, the key, the HMAC, then
 * the nonce. Throws the gateway's error for the first check that fails; remembers the nonce when all pass.
 */
export function verifySignature(
  method: string,
  params: URLSearchParams,
  credentials: RpcCredentials,
  usedNonces: Set<string>,
): VerifiedCaller {
  const incomplete = (detail: string): RpcError =>
    new RpcError(
      'IncompleteSignature',
      `The request signature does not conform to Aliyun standards. ${detail}`,
    );
  if (params.get('SignatureMethod') !== 'HMAC-SHA1') throw incomplete('SignatureMethod must be HMAC-SHA1.');
  if (params.get('SignatureVersion') !== '1.0') throw incomplete('SignatureVersion must be 1.0.');
  const accessKeyId = params.get('AccessKeyId') ?? '';
  const signature = params.get('Signature') ?? '';
  const nonce = params.get('SignatureNonce') ?? '';
  if (accessKeyId === '') throw incomplete('AccessKeyId is missing.');
  if (signature === '') throw incomplete('Signature is missing.');
  if (nonce === '') throw incomplete('SignatureNonce is missing.');
  const secret = Object.hasOwn(credentials, accessKeyId) ? credentials[accessKeyId] : undefined;
  if (secret === undefined) {
    throw new RpcError('InvalidAccessKeyId.NotFound', 'Specified access key is not found.', 404);
  }
  if (!signaturesEqual(signRpc(method, params, secret), signature)) {
    // The real gateway echoes its string to sign too, which is what makes the error debuggable.
    throw new RpcError(
      'SignatureDoesNotMatch',
      'Specified signature is not matched with our calculation. server string to sign is:' +
        stringToSign(method, params),
    );
  }
  if (usedNonces.has(nonce)) {
    throw new RpcError('SignatureNonceUsed', 'Specified signature nonce was used already.');
  }
  usedNonces.add(nonce);
  return { accessKeyId, securityTokenSent: (params.get('SecurityToken') ?? '') !== '' };
}

/** What the checks after authentication need to know about the service. */
export interface ApiIdentity {
  apiVersion: string;
  actions: ReadonlySet<string>;
}

/**
 * Checks `Format`, `Timestamp`, `Version` and `Action` of an authenticated request. The timestamp is
 * checked for shape only: pop-core stamps the wall clock, and the emulators run on a virtual one.
 */
export function checkCommonParams(params: URLSearchParams, api: ApiIdentity): void {
  const timestamp = params.get('Timestamp');
  if (timestamp === null) throw missingParameter('Timestamp');
  if (!TIMESTAMP.test(timestamp)) {
    throw new RpcError(
      'InvalidTimeStamp.Format',
      'Specified time stamp or date value is not well formatted.',
    );
  }
  if (params.get('Format') !== 'JSON') {
    throw invalidParameter('Format', 'the lab answers JSON only');
  }
  if (params.get('Version') !== api.apiVersion) {
    throw new RpcError('InvalidVersion', 'Specified parameter Version is not valid.');
  }
  if (!api.actions.has(params.get('Action') ?? '')) {
    throw new RpcError(
      'InvalidAction.NotFound',
      'Specified api is not found, please check your url and method.',
      404,
    );
  }
}

/** The action's own parameters: everything but `COMMON_PARAMS`. */
export function actionParams(params: URLSearchParams): URLSearchParams {
  return new URLSearchParams([...params].filter(([key]) => !COMMON_PARAMS.has(key)));
}

/** The gateway's answer to a required parameter left out. */
export function missingParameter(name: string): RpcError {
  return new RpcError(
    'MissingParameter',
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );
}

/** The gateway's answer to a parameter whose value it cannot take. */
export function invalidParameter(name: string, detail?: string): RpcError {
  const suffix = detail === undefined ? '' : `: ${detail}`;
  return new RpcError('InvalidParameter', `The specified parameter "${name}" is not valid${suffix}.`);
}

/** Where an error was answered, for the fields every Alibaba Cloud error body carries. */
export interface ErrorContext {
  requestId: string;
  /** The endpoint's host, e.g. `nlb.cn-hangzhou.aliyuncs.com`; here the lab's `127.0.0.1:<port>`. */
  hostId: string;
  /** The product code of the troubleshooting link, e.g. `Nlb`. */
  product: string;
}

/** An error body as the RPC gateway writes it in JSON. */
export interface RpcErrorBody {
  RequestId: string;
  HostId: string;
  Code: string;
  Message: string;
  Recommend: string;
}

/** Renders `{ RequestId, HostId, Code, Message, Recommend }`. */
export function renderError(error: RpcError, context: ErrorContext): RpcErrorBody {
  const { requestId, hostId, product } = context;
  const query = new URLSearchParams({ q: error.code, product, requestId });
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: error.code,
    Message: error.message,
    Recommend: `https://api.aliyun.com/troubleshoot?${query.toString()}`,
  };
}
