import { DELAY, FaultQueue } from '../fault-queue';
import type { Fault as QueuedFault } from '../fault-queue';
import { otsErrors } from './tablestore-protocol';
import type { OtsError } from './tablestore-protocol';

/** The failures the Tablestore emulator can be told to answer with; `action` is `PutRow`, `GetRow`, ... */
export const OtsFaultKind = {
  /** 503 `OTSServerBusy`: the partition is overloaded. The SDK retries it on any API. */
  ServerBusy: 'server-busy',
  /** 403 `OTSQuotaExhausted` "Too frequent table operations.": the SDK retries that message too. */
  QuotaExhausted: 'quota-exhausted',
  /** 500 `OTSInternalServerError`: the SDK retries it on reads only (`lib/retry/retry_util.js`). */
  InternalServerError: 'internal-server-error',
  /** Holds the answer for `delayMs`, then answers normally: for client timeouts and races. */
  Delay: DELAY,
} as const;
export type OtsFaultKind = (typeof OtsFaultKind)[keyof typeof OtsFaultKind];

/** One injected fault: the next `times` calls of `action` get it. */
export type OtsFault = QueuedFault<Exclude<OtsFaultKind, typeof DELAY>>;

/** Tablestore faults, on the lab's one fault queue. */
export class OtsFaultInjector extends FaultQueue<Exclude<OtsFaultKind, typeof DELAY>> {
  /**
   * Consumes the next fault queued for `action` and returns the error it answers with, if any. A delay
   * has already been waited out when this returns, and answers nothing.
   */
  async apply(action: string): Promise<{ kind: OtsFaultKind; error?: OtsError } | undefined> {
    const kind = await this.take(action);
    switch (kind) {
      case undefined:
        return undefined;
      case OtsFaultKind.ServerBusy:
        return { kind, error: otsErrors.serverBusy() };
      case OtsFaultKind.QuotaExhausted:
        return { kind, error: otsErrors.quotaExhausted() };
      case OtsFaultKind.InternalServerError:
        return { kind, error: otsErrors.internalServerError() };
      case OtsFaultKind.Delay:
        return { kind };
    }
  }
}
