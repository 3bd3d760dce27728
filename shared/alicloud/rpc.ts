import { randomUUID } from 'node:crypto';
import RPCClient from '@alicloud/pop-core';
import type * as v from 'valibot';
import { systemClock } from '../core/clock';
import { poll } from '../core/poll';
import type { PollVerdict } from '../core/poll';
import type { Clock } from '../core/types';
import { classifyPopCoreError } from './classify';
import { AlicloudClientCode } from './constants';
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
  /**
   * Epoch milliseconds no call of this client outlives, as `RpcCallOptions.deadlineMs` (the earlier of
   * the two wins): a client made for one invocation is bound to that invocation's deadline.
   */
  readonly deadlineMs?: number;
}

export interface RpcCallOptions {
  /** Error codes retried for this action on top of throttling, server trouble and no answer. */
  readonly retryOn?: readonly string[];
  /**
   * Sends a `ClientToken`, made once per call and the same on every attempt: a retried create then
   * returns the first attempt's result instead of acting twice.
   */
  readonly clientToken?: boolean;
  /**
   * Epoch milliseconds the call never outlives: no attempt starts at or after it, each attempt's timeout
   * is cut to the time left, and a backoff that would reach it is not slept. When it leaves no room for
   * an answer, the call throws `AlicloudApiError` with code `DeadlineExceeded`, the last error as cause.
   * pop-core times the connect and the read apart, each with that timeout: an attempt whose connect is
   * slow yet succeeds can outlast the time left by as long as the connect took (milliseconds in-region).
   */
  readonly deadlineMs?: number;
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
  const attempt = async (
    action: string,
    params: Record<string, unknown>,
    limitMs: number,
  ): Promise<unknown> => {
    try {
      return await client.request(action, params, { method: 'POST', timeout: limitMs });
    } catch (thrown) {
      throw classifyPopCoreError(action, thrown, limitMs, [
        credentials.accessKeyId,
        credentials.accessKeySecret,
        credentials.securityToken,
      ]);
    }
  };

  return {
    async call<T>(
      action: string,
      params: RpcParams,
      schema: v.GenericSchema<unknown, T>,
      callOptions: RpcCallOptions = {},
    ): Promise<T> {
      const request = withoutUndefined({
        ...params,
        ...(callOptions.clientToken ? { ClientToken: newClientToken() } : {}),
      });
      const deadlineMs = Math.min(options.deadlineMs ?? Infinity, callOptions.deadlineMs ?? Infinity);
      const startedMs = clock.now();
      const exceeded = (last: unknown) => deadlineExceeded(action, clock.now() - startedMs, last);
      // A retry loop is poll() with an acceptor that reads errors: retry on the retryable ones, stop on
      // the rest. The backoff is drawn in the acceptor so that a retry whose wait would reach the
      // deadline is given up at once, instead of sleeping to the deadline for an attempt with no time.
      let backoffMs = 0;
      const outcome = await poll(
        async (attemptNumber): Promise<PollVerdict<Attempted<T>>> => {
          const leftMs = deadlineMs - clock.now();
          if (leftMs <= 0) return { state: 'failure', value: { error: exceeded(undefined) } };
          try {
            const body = await attempt(action, request, Math.min(timeoutMs, leftMs));
            return { state: 'success', value: { body: validateResponse(action, schema, body) } };
          } catch (error) {
            if (!shouldRetry(error, attemptNumber, maxAttempts, callOptions.retryOn)) {
              return { state: 'failure', value: { error } };
            }
            backoffMs = backoffDelayMs(attemptNumber, backoff);
            if (clock.now() + backoffMs >= deadlineMs)
              return { state: 'failure', value: { error: exceeded(error) } };
            return { state: 'retry', value: { error } };
          }
        },
        { clock, deadlineMs, delayMs: () => backoffMs },
      );
      const { value } = outcome;
      if (value !== undefined && 'body' in value) return value.body;
      throw outcome.kind === 'failure' ? value?.error : exceeded(value?.error);
    },
  };
}

/** One attempt's result, as the retry loop carries it. */
type Attempted<T> = { readonly body: T } | { readonly error: unknown };

function deadlineExceeded(action: string, spentMs: number, last: unknown): AlicloudApiError {
  const after = last instanceof Error ? `; last error: ${last.message}` : '';
  return new AlicloudApiError(
    action,
    AlicloudClientCode.DeadlineExceeded,
    `${action}: no time left before the deadline, ${spentMs} ms after the call started${after}`,
    last instanceof AlicloudApiError ? last.requestId : undefined,
    { cause: last },
  );
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
  if (options.deadlineMs !== undefined && Number.isNaN(options.deadlineMs)) {
    throw new RangeError('deadlineMs: expected epoch milliseconds, got NaN');
  }
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
