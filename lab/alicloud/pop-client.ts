import RPCClient from '@alicloud/pop-core';

/**
 * A parameter value pop-core can send. Arrays flatten to `Name.N` and arrays of objects to
 * `Name.N.Field`; a plain object is NOT flattened but sent as the text `[object Object]`, and
 * `undefined` as the text `undefined`, so neither is allowed here.
 */
export type PopParamValue = string | number | boolean | readonly PopParamValue[] | PopParamObject;
/** An object inside an array parameter; its keys must already be PascalCase. */
export interface PopParamObject {
  readonly [field: string]: string | number | boolean | readonly PopParamValue[];
}
/** The parameters of one call; pop-core capitalises the first letter of each top-level key. */
export type PopParams = Readonly<Record<string, PopParamValue>>;

/** pop-core's request options that matter here. */
export interface PopRequestOptions {
  /** Defaults to GET, which puts every parameter in the URL; POST sends them as a form body. */
  method?: 'GET' | 'POST';
  /** Connect and read timeout in milliseconds; pop-core's default is 3000. */
  timeout?: number;
}

/** `RPCClient.request` typed: its own declaration takes `Object` and returns whatever `T` is asked for. */
export interface PopClient {
  request<T>(action: string, params: PopParams, options?: PopRequestOptions): Promise<T>;
}

/** What `createPopClient` needs. */
export interface PopClientConfig {
  endpoint: string;
  apiVersion: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** The error pop-core throws for a body whose `Code` is not a success code. */
export interface PopError extends Error {
  /** The body's `Code`; `name` is `<Code>Error`. */
  code: string;
  /** The whole error body. */
  data: { RequestId?: string; Code: string; Message?: string; HostId?: string; Recommend?: string };
  url: string;
  /** What was sent and received; the only place pop-core keeps the HTTP status of a failed call. */
  entry: {
    url: string;
    response: { statusCode: number; headers: Record<string, string | string[] | undefined> };
  };
}

/** A real `@alicloud/pop-core` RPCClient behind a typed face. */
export function createPopClient(config: PopClientConfig): PopClient {
  const client = new RPCClient(config);
  return { request: (action, params, options) => client.request(action, params, options) };
}

/** Whether `error` is pop-core's coded error (and not a network or parse failure). */
export function isPopError(error: unknown): error is PopError {
  return (
    error instanceof Error &&
    typeof (error as Partial<PopError>).code === 'string' &&
    typeof (error as Partial<PopError>).data === 'object'
  );
}
