import type { IncomingMessage } from 'node:http';
import { readBody } from '../read-body';
import { MAX_BODY_BYTES } from './query-protocol';

/** The media type of every AWS JSON 1.0 request and answer. */
export const JSON_1_0_CONTENT_TYPE = 'application/x-amz-json-1.0';

/**
 * What differs between the two AWS JSON protocols as an emulator answers them: the media type, and the
 * member an error's text goes in, which is the service's own model (DynamoDB's errors have `message`,
 * Secrets Manager's `Message`; the SDK takes `message`, else `Message`, as the exception's message).
 */
export interface JsonDialect {
  readonly contentType: string;
  readonly messageMember: 'message' | 'Message';
}

export const JSON_1_0: JsonDialect = { contentType: JSON_1_0_CONTENT_TYPE, messageMember: 'message' };

/** AWS JSON 1.1 (Secrets Manager, KMS, ...): the same `POST /` with `X-Amz-Target`, another media type. */
export const JSON_1_1: JsonDialect = {
  contentType: 'application/x-amz-json-1.1',
  messageMember: 'Message',
};

/**
 * Why an operation failed, in the terms an AWS JSON 1.0 service answers with: the `__type` (namespace
 * `#` name; the SDK keeps the part after `#` as the error's name), the `message`, the HTTP status that
 * decides whether the SDK retries, and any members the error shape adds (e.g. `Item`).
 */
export class JsonError extends Error {
  override readonly name = 'JsonError';

  constructor(
    /** The whole `__type`, e.g. `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException`. */
    readonly type: string,
    message: string,
    readonly httpStatus = 400,
    readonly members: Readonly<Record<string, unknown>> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** The part of `__type` after `#`: the name the SDK gives the exception. */
  get code(): string {
    return this.type.slice(this.type.indexOf('#') + 1);
  }
}

/**
 * The errors every Coral-based JSON service shares, whatever the service's own namespace. Names, statuses
 * and messages follow DynamoDB's error documentation (missing authentication is a 400 there, not a 403);
 * the namespaces before `#` and the 413 for an oversized body are as seen in the wild, unverified. The SDK
 * reads only the name after `#`.
 */
export const CoralError = {
  missingAuthentication: () =>
    new JsonError(
      'com.amazon.coral.service#MissingAuthenticationTokenException',
      'Request must contain a valid (registered) AWS Access Key ID.',
    ),
  unknownOperation: () =>
    new JsonError('com.amazon.coral.service#UnknownOperationException', 'Unknown operation'),
  serialization: (message: string) =>
    new JsonError('com.amazon.coral.service#SerializationException', message),
  validation: (message: string) => new JsonError('com.amazon.coral.validate#ValidationException', message),
  requestTooLarge: (maxBytes: number) =>
    new JsonError(
      'com.amazon.coral.service#RequestEntityTooLarge',
      `Request body is larger than ${maxBytes} bytes`,
      413,
    ),
} as const;

/** `{"__type":...,"message":...}` plus the error's own members, as the service writes it. */
export function renderJsonError(error: JsonError, dialect: JsonDialect = JSON_1_0): string {
  return JSON.stringify({ __type: error.type, [dialect.messageMember]: error.message, ...error.members });
}

/**
 * Reads a JSON object body. The SDK always sends an object, `{}` at least: anything else is a
 * `SerializationException`, as the service would answer a body it cannot deserialize.
 */
export async function readJsonBody(
  req: IncomingMessage,
  maxBytes = MAX_BODY_BYTES,
): Promise<Record<string, unknown>> {
  const text = await readBody(req, maxBytes, () => CoralError.requestTooLarge(maxBytes));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text === '' ? '{}' : text);
  } catch {
    throw CoralError.serialization('The request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw CoralError.serialization('The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}
