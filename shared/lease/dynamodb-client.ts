import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** How long a lease call may take; every field is bounded so that no call can hang. */
export interface DynamoDbClientOptions {
  /** Defaults to the SDK's (`AWS_REGION` in Lambda). */
  region?: string;
  /** The longest one attempt may take, connecting included. Default 2000. */
  requestTimeoutMs?: number;
  /** The longest the TCP (and TLS) connect may take. Default 1000. */
  connectionTimeoutMs?: number;
  /** Attempts per call, the first included. Default 2. */
  maxAttempts?: number;
}

/** A DynamoDB call answers in milliseconds: two attempts of 2 s each are a generous bound. */
export const DYNAMODB_CLIENT_DEFAULTS = {
  requestTimeoutMs: 2000,
  connectionTimeoutMs: 1000,
  maxAttempts: 2,
} as const;

/**
 * A DynamoDB client for the lease store whose calls always end: at most `maxAttempts` attempts of at
 * most `requestTimeoutMs` each, plus the SDK's backoff between them (a few hundred ms at most for two
 * attempts). With the SDK's defaults a call has no timeout at all and makes up to 4 attempts.
 */
export function createDynamoDbClient(options: DynamoDbClientOptions = {}): DynamoDBClient {
  const requestTimeoutMs = positiveInteger(
    'requestTimeoutMs',
    options.requestTimeoutMs ?? DYNAMODB_CLIENT_DEFAULTS.requestTimeoutMs,
  );
  const connectionTimeoutMs = positiveInteger(
    'connectionTimeoutMs',
    options.connectionTimeoutMs ?? DYNAMODB_CLIENT_DEFAULTS.connectionTimeoutMs,
  );
  const maxAttempts = positiveInteger(
    'maxAttempts',
    options.maxAttempts ?? DYNAMODB_CLIENT_DEFAULTS.maxAttempts,
  );
  return new DynamoDBClient({
    ...(options.region === undefined ? {} : { region: options.region }),
    // Standard, not adaptive, as for ELBv2: the runtime paces the calls by the table's documented
    // budget before they go (`paceByBudget`), and adaptive mode would pace each client again, learning
    // only from throttles. A throttle is retried once, with backoff, within `maxAttempts`.
    retryMode: 'standard',
    maxAttempts,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: connectionTimeoutMs,
      requestTimeout: requestTimeoutMs,
      // Without it a request past `requestTimeout` only logs a warning and goes on waiting.
      throwOnRequestTimeout: true,
    }),
  });
}

function positiveInteger(field: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`createDynamoDbClient: ${field} must be a positive integer, got ${value}`);
  }
  return value;
}
