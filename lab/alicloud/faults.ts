import { setTimeout as delay } from 'node:timers/promises';
import { RpcError } from './rpc-protocol';

/** The failures an emulator can be told to answer with. */
export const FaultKind = {
  /** 400 `Throttling.User`, what an RPC API answers when the caller's flow control kicks in. */
  Throttle: 'throttle',
  /** 503 `ServiceUnavailable`. */
  ServerError: 'server-error',
  /**
   * 500 with a JSON body that has no `Code`. pop-core decides failure by `Code` alone and ignores the
   * status, so it RESOLVES with this body: the caller must validate the response's shape.
   */
  NoCodeError: 'no-code-error',
  /** 502 with an HTML page, as a proxy in front of the API sends: pop-core's JSON parse throws. */
  Html: 'html',
  /** Holds the answer for `delayMs`, then answers normally: for client timeouts and races. */
  Delay: 'delay',
} as const;
export type FaultKind = (typeof FaultKind)[keyof typeof FaultKind];

/** One injected fault: the next `times` calls of `action` get it. */
export interface Fault {
  action: string;
  kind: FaultKind;
  /** Defaults to 1. */
  times?: number;
  /** Required for `delay`. */
  delayMs?: number;
}

/** An answer written as it is, bypassing the JSON envelope. */
export interface RawReply {
  status: number;
  contentType: string;
  body: string;
}

/** What a consumed fault does to the call it hit. */
export type FaultEffect =
  | { kind: typeof FaultKind.Delay }
  | { kind: typeof FaultKind.Throttle | typeof FaultKind.ServerError; error: RpcError }
  | { kind: typeof FaultKind.NoCodeError | typeof FaultKind.Html; reply: (requestId: string) => RawReply };

interface QueuedFault {
  action: string;
  kind: FaultKind;
  remaining: number;
  delayMs: number;
}

const BAD_GATEWAY_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n';

/**
 * A queue of faults for one emulator. Faults are consumed in the order they were injected, so
 * "throttle once, then answer 503 once" is two `inject` calls for the same action.
 */
export class FaultInjector {
  private readonly queue: QueuedFault[] = [];

  constructor(
    private readonly sleep: (ms: number) => Promise<void> = (ms) => delay(ms).then(() => undefined),
  ) {}

  /** Queues a fault. Throws on a fault that could never fire as asked. */
  inject(fault: Fault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1) {
      throw new RangeError(`fault.times must be a positive integer, got ${times}`);
    }
    if (fault.kind === FaultKind.Delay && (fault.delayMs === undefined || fault.delayMs < 0)) {
      throw new RangeError('fault.delayMs must be set to a non-negative number for a delay fault');
    }
    this.queue.push({
      action: fault.action,
      kind: fault.kind,
      remaining: times,
      delayMs: fault.delayMs ?? 0,
    });
  }

  /** The faults not yet consumed, in the order they will fire. */
  pending(): Fault[] {
    return this.queue.map(({ action, kind, remaining, delayMs }) =>
      kind === FaultKind.Delay
        ? { action, kind, times: remaining, delayMs }
        : { action, kind, times: remaining },
    );
  }

  /** Drops every queued fault. */
  clear(): void {
    this.queue.length = 0;
  }

  /**
   * Consumes the next fault queued for `action`, if any, and says what it does to the call. A delay
   * has already been waited out when this returns.
   */
  async apply(action: string): Promise<FaultEffect | undefined> {
    const index = this.queue.findIndex((queued) => queued.action === action);
    const fault = this.queue[index];
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.queue.splice(index, 1);
    switch (fault.kind) {
      case FaultKind.Throttle:
        return {
          kind: fault.kind,
          error: new RpcError('Throttling.User', 'Request was denied due to user flow control.'),
        };
      case FaultKind.ServerError:
        return {
          kind: fault.kind,
          error: new RpcError(
            'ServiceUnavailable',
            'The request has failed due to a temporary failure of the server.',
            503,
          ),
        };
      case FaultKind.NoCodeError:
        return {
          kind: fault.kind,
          reply: (requestId) => ({
            status: 500,
            contentType: 'application/json;charset=utf-8',
            body: JSON.stringify({ RequestId: requestId, Message: 'internal error' }),
          }),
        };
      case FaultKind.Html:
        return {
          kind: fault.kind,
          reply: () => ({ status: 502, contentType: 'text/html', body: BAD_GATEWAY_HTML }),
        };
      case FaultKind.Delay:
        await this.sleep(fault.delayMs);
        return { kind: fault.kind };
    }
  }
}
