import { DELAY, FaultQueue, HANG } from '../fault-queue';
import type { Fault as QueuedFault } from '../fault-queue';
import { QueryError } from './query-protocol';

/** The failures an AWS emulator can be told to answer with. */
export const FaultKind = {
  /**
   * The service's throttling error: by default 400 `Throttling` "Rate exceeded" (ELBv2); an emulator
   * whose service answers otherwise says so (SNS: 429 `Throttled`).
   */
  Throttle: 'throttle',
  /** 503 `ServiceUnavailable`: the SDK retries it as a transient error. */
  ServerError: 'server-error',
  /** Holds the answer for `delayMs`, then answers normally: for client timeouts and races. */
  Delay: DELAY,
  /** Takes the request and never answers: the client's own timeout is all that ends it. */
  Hang: HANG,
} as const;
export type FaultKind = (typeof FaultKind)[keyof typeof FaultKind];

/** One injected fault: the next `times` calls of `action` get it. */
export type Fault = QueuedFault<Exclude<FaultKind, typeof DELAY | typeof HANG>>;

/** What a service answers when it throttles a call. */
export interface ThrottleAnswer {
  readonly code: string;
  readonly message: string;
  readonly httpStatus: number;
}

const DEFAULT_THROTTLE: ThrottleAnswer = { code: 'Throttling', message: 'Rate exceeded', httpStatus: 400 };

/** The AWS Query protocol's faults: errors thrown as `QueryError`s, delays waited out. */
export class FaultInjector extends FaultQueue<Exclude<FaultKind, typeof DELAY | typeof HANG>> {
  private readonly throttle: ThrottleAnswer;

  constructor(options: { throttle?: ThrottleAnswer; sleep?: (ms: number) => Promise<void> } = {}) {
    super(options.sleep);
    this.throttle = options.throttle ?? DEFAULT_THROTTLE;
  }

  /**
   * Consumes the next fault queued for `action`, if any: throws the error it stands for, or waits
   * for a delay and returns so the call then runs normally.
   */
  async apply(action: string): Promise<void> {
    switch (await this.take(action)) {
      case FaultKind.Throttle:
        throw new QueryError(this.throttle.code, this.throttle.message, this.throttle.httpStatus);
      case FaultKind.ServerError:
        throw new QueryError('ServiceUnavailable', 'Service is unavailable, try again later', 503);
      default:
        return;
    }
  }
}
