export { AlicloudApiVersion, AlicloudClientCode, RETRYABLE_CODES } from './constants';
export { ALICLOUD_ENDPOINT_ENV, alicloudEndpoint } from './endpoint';
export type { AlicloudProduct } from './endpoint';
export { AlicloudApiError, AlicloudError, AlicloudResponseError } from './errors';
export { classifyPopCoreError, redactUrls, stripPopCoreUrl } from './classify';
export { backoffDelayMs, isRetryableCode } from './retry';
export type { BackoffPolicy } from './retry';
export { createAlicloudRpc } from './rpc';
export type {
  AlicloudCredentials,
  AlicloudRpc,
  AlicloudRpcOptions,
  PopCoreClient,
  PopCoreConfig,
  RpcCallOptions,
  RpcParams,
  RpcScalar,
} from './rpc';
export { chunks } from './chunks';
export { integerLike } from './schemas';
export { validateResponse } from './validate';
