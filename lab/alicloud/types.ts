import type { FaultInjector, FaultKind } from './faults';
import type { ErrorContext, RpcError } from './rpc-protocol';

/** One request an emulator received after authentication, in arrival order. */
export interface RpcCall {
  action: string;
  /**
   * The action's own parameters as sent, e.g. `{ ServerGroupId: 'sgp-lab0001', 'Servers.1.ServerId': '10.0.0.5' }`:
   * the protocol's common parameters (`Action`, `Version`, `Format`, `Timestamp`, `Signature*`,
   * `AccessKeyId`, `SecurityToken`) are left out, so nothing secret and nothing random is kept.
   */
  params: Record<string, string>;
  /** Whether the request carried an STS `SecurityToken`; its value is never kept. */
  securityTokenSent: boolean;
  /** The emulator's clock when the request arrived. */
  at: number;
  /** The error code answered, when the call failed with one (injected faults included). */
  errorCode?: string;
  /** The injected fault this call consumed, if any. */
  fault?: FaultKind;
}

/** What `startRpcServer` needs from an emulator. */
export interface RpcService {
  /** The `Version` pop-core sends, its `apiVersion`, e.g. `2022-04-30`. */
  readonly apiVersion: string;
  /** The product code in the `Recommend` link of an error, e.g. `Nlb`. */
  readonly product: string;
  /** Every action `dispatch` runs; any other answers `InvalidAction.NotFound`. */
  readonly actions: ReadonlySet<string>;
  readonly faults: FaultInjector;
  readonly calls: RpcCall[];
  now(): number;
  /**
   * Runs one action with its own parameters (the common ones removed): returns the response body
   * without `RequestId`, or throws an `RpcError`.
   */
  dispatch(action: string, params: URLSearchParams): object;
  /**
   * The body of an error answer, for a service whose documented error body differs from the gateway's
   * `{ RequestId, HostId, Code, Message, Recommend }` (`renderError`); used for every error it answers.
   */
  renderError?(error: RpcError, context: ErrorContext): object;
}

/** Options every emulator takes, so tests run in virtual time. */
export interface EmulatorOptions {
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  now?: () => number;
  faults?: FaultInjector;
}

/** AccessKey secrets by AccessKeyId, the only accounts a server accepts. */
export type RpcCredentials = Readonly<Record<string, string>>;
