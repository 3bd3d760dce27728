import type { PopCoreClient, PopCoreConfig } from '../../shared/alicloud';

/**
 * One scripted answer of the fake client: a body to resolve with, something to throw, or no answer at
 * all (the request's whole `timeout` passes on the fake's clock, then pop-core's timeout error).
 */
export type Reply = { readonly body: unknown } | { readonly thrown: unknown } | { readonly hangs: true };
export const ok = (body: unknown): Reply => ({ body });
export const fails = (thrown: unknown): Reply => ({ thrown });
export const hangs = (): Reply => ({ hangs: true });

/** What pop-core 1.8.0 throws for a body whose `Code` is not a success code. */
export function popCoreError(
  code: string,
  message: string,
  requestId = `R-${code}`,
  url = 'https://nlb.cn-hangzhou.aliyuncs.com/',
) {
  return Object.assign(new Error(`${message}, URL: ${url}`), {
    name: `${code}Error`,
    code,
    url,
    data: { Code: code, Message: message, RequestId: requestId },
  });
}

/** `popCoreError` as a scripted reply. */
export const apiError = (code: string, message: string): Reply => fails(popCoreError(code, message));

/**
 * A pop-core client answering from per-action queues and recording every request, its options and
 * every config it was created with: what `createAlicloudRpc`'s `createClient` option takes in place of the real one.
 */
export function fakePopCore(
  replies: Record<string, Reply[]>,
  /** Needed by `hangs` replies: the clock the waited-out timeout is added to. */
  clock?: { advance(ms: number): void },
) {
  const requests: { action: string; params: Record<string, unknown> }[] = [];
  /** The request options (method, timeout) of each request, in the same order. */
  const options: unknown[] = [];
  const configs: PopCoreConfig[] = [];
  const client: PopCoreClient = {
    async request(action, params, requestOptions) {
      requests.push({ action, params });
      options.push(requestOptions);
      const reply = replies[action]?.shift();
      if (reply === undefined) throw new Error(`no reply scripted for ${action}`);
      if ('thrown' in reply) throw reply.thrown;
      if ('hangs' in reply) {
        if (clock === undefined) throw new Error('a hangs() reply needs the fake to be given a clock');
        clock.advance(requestOptions.timeout);
        // What httpx (under pop-core 1.8.0) rejects with when no byte comes back in time.
        throw Object.assign(new Error(`ReadTimeout(${requestOptions.timeout})`), {
          name: 'RequestTimeoutError',
        });
      }
      return reply.body;
    },
  };
  const createClient = (config: PopCoreConfig): PopCoreClient => {
    configs.push(config);
    return client;
  };
  return { requests, options, configs, client, createClient };
}
