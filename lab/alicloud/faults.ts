import { DELAY, FaultQueue, HANG } from '../fault-queue';
import type { Fault as QueuedFault } from '../fault-queue';
import { RpcError } from './rpc-protocol';

/** The failures an emulator can be told to answer with. */
export const FaultKind = {
  /** 400 `Throttling.User`, what an RPC API answers when the caller's flow control kicks in. */
  Throttle: 'throttle',
  /** 503 `ServiceUnavailable`. */
  ServerError: 'server-error',
  /** `SystemBusy`: the service is overloaded; says nothing about the request. */
  SystemBusy: 'system-busy',
  /** `Conflict.Lock`: another request holds the resource's lock (NLB add and remove). */
  ConflictLock: 'conflict-lock',
  /**
   * `OperationFailed.ResourceIsConfiguring`: the resource is being configured (NLB add). The NLB emulator
   * also answers it by itself while a group is marked configuring (`NlbEmulator.configureGroup`).
   */
  ResourceIsConfiguring: 'resource-is-configuring',
  /**
   * 500 with a JSON body that has no `Code`. pop-core decides failure by `Code` alone and ignores the
   * status, so it RESOLVES with this body: the caller must validate the response's shape.
   */
  NoCodeError: 'no-code-error',
  /** 502 with an HTML page, as a proxy in front of the API sends: pop-core's JSON parse throws. */
  Html: 'html',
  /** Holds the answer for `delayMs`, then answers normally: for client timeouts and races. */
  Delay: DELAY,
  /** Takes the request and never answers: the client's own timeout is all that ends it. */
  Hang: HANG,
} as const;
export type FaultKind = (typeof FaultKind)[keyof typeof FaultKind];

/** One injected fault: the next `times` calls of `action` get it. */
export type Fault = QueuedFault<Exclude<FaultKind, typeof DELAY | typeof HANG>>;

/** An answer written as it is, bypassing the JSON envelope. */
export interface RawReply {
  status: number;
  contentType: string;
  body: string;
}

/** What a consumed fault does to the call it hit. */
export type FaultEffect =
  | { kind: typeof FaultKind.Delay }
  | { kind: ErrorFaultKind; error: RpcError }
  | { kind: typeof FaultKind.NoCodeError | typeof FaultKind.Html; reply: (requestId: string) => RawReply };

type ErrorFaultKind =
  | typeof FaultKind.Throttle
  | typeof FaultKind.ServerError
  | typeof FaultKind.SystemBusy
  | typeof FaultKind.ConflictLock
  | typeof FaultKind.ResourceIsConfiguring;

/**
 * The codes are the ones the Terraform provider retries (see shared/backends/alicloud-nlb/retry-codes.ts);
 * the messages and HTTP statuses are the lab's own: no captured answer was found for them.
 */
export const busyError = {
  systemBusy: () => new RpcError('SystemBusy', 'The system is busy, please try again later.', 503),
  conflictLock: () =>
    new RpcError('Conflict.Lock', 'The resource is locked by another request, please try again later.', 409),
  resourceIsConfiguring: () =>
    new RpcError(
      'OperationFailed.ResourceIsConfiguring',
      'The operation failed because the resource is being configured.',
      400,
    ),
} as const;

const BAD_GATEWAY_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n';

/** Alibaba RPC faults: what each does to the call it hits. */
export class FaultInjector extends FaultQueue<Exclude<FaultKind, typeof DELAY | typeof HANG>> {
  /**
   * Consumes the next fault queued for `action`, if any, and says what it does to the call. A delay
   * has already been waited out when this returns.
   */
  async apply(action: string): Promise<FaultEffect | undefined> {
    const kind = await this.take(action);
    switch (kind) {
      case undefined:
        return undefined;
      case FaultKind.Throttle:
        return {
          kind,
          error: new RpcError('Throttling.User', 'Request was denied due to user flow control.'),
        };
      case FaultKind.ServerError:
        return {
          kind,
          error: new RpcError(
            'ServiceUnavailable',
            'The request has failed due to a temporary failure of the server.',
            503,
          ),
        };
      case FaultKind.SystemBusy:
        return { kind, error: busyError.systemBusy() };
      case FaultKind.ConflictLock:
        return { kind, error: busyError.conflictLock() };
      case FaultKind.ResourceIsConfiguring:
        return { kind, error: busyError.resourceIsConfiguring() };
      case FaultKind.NoCodeError:
        return {
          kind,
          reply: (requestId) => ({
            status: 500,
            contentType: 'application/json;charset=utf-8',
            body: JSON.stringify({ RequestId: requestId, Message: 'internal error' }),
          }),
        };
      case FaultKind.Html:
        return {
          kind,
          reply: () => ({ status: 502, contentType: 'text/html', body: BAD_GATEWAY_HTML }),
        };
      case FaultKind.Delay:
        return { kind };
    }
  }
}
