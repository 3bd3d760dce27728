import { setTimeout as delay } from 'node:timers/promises';
import { QueryError } from './query-protocol';

/** The failures an emulator can be told to answer with. */
export const FaultKind = {
  /** 400 `Throttling` "Rate exceeded", what every Query API answers when its token bucket is empty. */
  Throttle: 'throttle',
  /** 503 `ServiceUnavailable`: the SDK retries it as a transient error. */
  ServerError: 'server-error',
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

interface QueuedFault {
  action: string;
  kind: FaultKind;
  remaining: number;
  delayMs: number;
}

/**
 * A queue of faults shared by every emulator. Faults are consumed in the order they were injected,
 * so "throttle once, then fail with 503 once" is two `inject` calls for the same action.
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
   * Consumes the next fault queued for `action`, if any: throws the error it stands for, or waits
   * for a delay and returns so the call then runs normally.
   */
  async apply(action: string): Promise<void> {
    const index = this.queue.findIndex((queued) => queued.action === action);
    const fault = this.queue[index];
    if (fault === undefined) return;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.queue.splice(index, 1);
    switch (fault.kind) {
      case FaultKind.Throttle:
        throw new QueryError('Throttling', 'Rate exceeded', 400);
      case FaultKind.ServerError:
        throw new QueryError('ServiceUnavailable', 'Service is unavailable, try again later', 503);
      case FaultKind.Delay:
        await this.sleep(fault.delayMs);
        return;
    }
  }
}
