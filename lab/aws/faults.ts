import { DELAY, FaultQueue, HANG } from '../fault-queue';
import type { Fault as QueuedFault } from '../fault-queue';
import { QueryError } from './query-protocol';

/** The failures an AWS emulator can be told to answer with. */
export const FaultKind = {
  /** 400 `Throttling` "Rate exceeded", what every Query API answers when its token bucket is empty. */
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

/** The AWS Query protocol's faults: errors thrown as `QueryError`s, delays waited out. */
export class FaultInjector extends FaultQueue<Exclude<FaultKind, typeof DELAY | typeof HANG>> {
  /**
   * Consumes the next fault queued for `action`, if any: throws the error it stands for, or waits
   * for a delay and returns so the call then runs normally.
   */
  async apply(action: string): Promise<void> {
    switch (await this.take(action)) {
      case FaultKind.Throttle:
        throw new QueryError('Throttling', 'Rate exceeded', 400);
      case FaultKind.ServerError:
        throw new QueryError('ServiceUnavailable', 'Service is unavailable, try again later', 503);
      default:
        return;
    }
  }
}
