import { randomUUID } from 'node:crypto';
import RPCClient from '@alicloud/pop-core';
import type * as v from 'valibot';
import { systemClock } from '../core/clock';
import type { Clock } from '../core/types';
import { classifyPopCoreError } from './classify';
import { AlicloudApiError } from './errors';
import { backoffDelayMs, isRetryableCode } from './retry';
import type { BackoffPolicy } from './retry';
import { validateResponse } from './validate';

/** An AccessKey pair, or a role's STS keys (Function Compute's `context.credentials`). */
export interface AlicloudCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

/** A value pop-core can send: top-level scalars, or a list of flat objects (`Servers.1.ServerId`). */
export type RpcScalar = string | number | boolean;
export type RpcParams = Readonly<
  Record<string, RpcScalar | readonly Readonly<Record<string, RpcScalar>>[] | undefined>
>;

/** What `createAlicloudRpc` passes to pop-core's `RPCClient` constructor. */
export interface PopCoreConfig {
  endpoint: string;
  apiVersion: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** The part of a pop-core `RPCClient` used here, so tests can pass a fake. */
export interface PopCoreClient {
  request(
    action: string,
    params: Record<string, unknown>,
    options: { method: 'POST'; timeout: number },
  ): Promise<unknown>;
}

export interface AlicloudRpcOptions {
  /** `https://nlb.cn-hangzhou.aliyuncs.com`; see `alicloudEndpoint`. */
  readonly endpoint: string;
  /** The product's API version, see `AlicloudApiVersion`. */
  readonly apiVersion: string;
  readonly credentials: AlicloudCredentials;
  /** How long one attempt may take, connect and read each (pop-core's default is 3000). */
  readonly timeoutMs: number;
  /** Drives the backoff sleeps. Default: the system clock. */
  readonly clock?: Clock;
  /** Attempts per logical call, the first included. Default 4. */
  readonly maxAttempts?: number;
  /** The first backoff; each retry doubles it. Default 200. */
  readonly baseDelayMs?: number;
  /** The longest backoff. Default 5000. */
  readonly maxDelayMs?: number;
  /** Jitter source in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** Makes a `ClientToken`. Default: a random UUID. */
  readonly newClientToken?: () => string;
  /** Builds the pop-core client. Default: `new RPCClient(config)`. */
  readonly createClient?: (config: PopCoreConfig) => PopCoreClient;
}

export interface RpcCallOptions {
  /** Error codes retried for this action on top of throttling, server trouble and no answer. */
  readonly retryOn?: readonly string[];
  /**
   * Sends a `ClientToken`, made once per call and the same on every attempt: a retried create then
   * returns the first attempt's result instead of acting twice.
   */
  readonly clientToken?: boolean;
}

/** RPC-style calls to one Alibaba Cloud product: always POST, every answer validated. */
export interface AlicloudRpc {
  /**
   * Calls `action` and returns its body as `schema` outputs it. Throws `AlicloudApiError` (an error
   * code, no answer, no JSON) or `AlicloudResponseError` (JSON of the wrong shape), after retries.
   */
  call<T>(
    action: string,
    params: RpcParams,
    schema: v.GenericSchema<unknown, T>,
    options?: RpcCallOptions,
  ): Promise<T>;
}

const DEFAULT_MAX_ATTEMPTS = 4;
const DEFAULT_BASE_DELAY_MS = 200;
const DEFAULT_MAX_DELAY_MS = 5000;

/** A pop-core `RPCClient` behind retries, response validation and typed errors. */
export function createAlicloudRpc(options: AlicloudRpcOptions): AlicloudRpc {
  checkOptions(options);
  const { credentials, timeoutMs } = options;
  const clock = options.clock ?? systemClock;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const newClientToken = options.newClientToken ?? randomUUID;
  const backoff: BackoffPolicy = {
    baseDelayMs: options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
    random: options.random ?? Math.random,
  };
  const client = (options.createClient ?? ((config) => new RPCClient(config)))({
    endpoint: options.endpoint,
    apiVersion: options.apiVersion,
    accessKeyId: credentials.accessKeyId,
    accessKeySecret: credentials.accessKeySecret,
    ...(credentials.securityToken ? { securityToken: credentials.securityToken } : {}),
  });

  // POST, always: with GET pop-core signs into the URL (AccessKeyId, SecurityToken, Signature) and
  // copies that URL into every error it throws.
  const attempt = async (action: string, params: Record<string, unknown>): Promise<unknown> => {
    try {
      return await client.request(action, params, { method: 'POST', timeout: timeoutMs });
    } catch (thrown) {
      throw classifyPopCoreError(action, thrown, timeoutMs);
    }
  };

  return {
    async call(action, params, schema, callOptions = {}) {
      const request = withoutUndefined({
        ...params,
        ...(callOptions.clientToken ? { ClientToken: newClientToken() } : {}),
      });
      for (let attemptNumber = 1; ; attemptNumber++) {
        try {
          return validateResponse(action, schema, await attempt(action, request));
        } catch (error) {
          if (!shouldRetry(error, attemptNumber, maxAttempts, callOptions.retryOn)) throw error;
          await clock.sleep(backoffDelayMs(attemptNumber, backoff));
        }
      }
    },
  };
}

const shouldRetry = (
  error: unknown,
  attemptNumber: number,
  maxAttempts: number,
  retryOn: readonly string[] | undefined,
): boolean =>
  error instanceof AlicloudApiError && attemptNumber < maxAttempts && isRetryableCode(error.code, retryOn);

/** pop-core would send an `undefined` value as the string `undefined`. */
function withoutUndefined(params: RpcParams): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined));
}

function checkOptions(options: AlicloudRpcOptions): void {
  positive('timeoutMs', options.timeoutMs, { required: true });
  positive('maxAttempts', options.maxAttempts, { integer: true });
  positive('baseDelayMs', options.baseDelayMs);
  positive('maxDelayMs', options.maxDelayMs);
  if (!/^https?:\/\//.test(options.endpoint)) {
    throw new RangeError(`endpoint: expected an http(s):// URL, got "${options.endpoint}"`);
  }
}

function positive(
  name: string,
  value: number | undefined,
  { integer = false, required = false }: { integer?: boolean; required?: boolean } = {},
): void {
  if (value === undefined && !required) return;
  if (value === undefined || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new RangeError(`${name}: expected a positive ${integer ? 'integer' : 'number'}, got ${value}`);
  }
}
