import { setTimeout as delay } from 'node:timers/promises';

/** Every emulator can hold an answer back: for client timeouts and races. */
export const DELAY = 'delay';
/**
 * Every emulator can take a request and never answer it: for clients without a timeout, and for the
 * deadline a handler must keep. The connection stays open until the client gives up or the server
 * closes (which closes every connection).
 */
export const HANG = 'hang';

/** The kinds every queue has, whatever the protocol. */
type CommonKind = typeof DELAY | typeof HANG;

/** One injected fault: the next `times` calls of `action` get it. */
export interface Fault<Kind extends string> {
  action: string;
  kind: Kind | CommonKind;
  /** Defaults to 1. */
  times?: number;
  /** Required for `delay`. */
  delayMs?: number;
}

interface QueuedFault<Kind extends string> {
  action: string;
  kind: Kind | CommonKind;
  remaining: number;
  delayMs: number;
}

/**
 * A queue of faults for one emulator, whatever its protocol. Faults are consumed in the order they were
 * injected, so "throttle once, then answer 503 once" is two `inject` calls for the same action; what a
 * fault looks like on the wire is the protocol's business (see each lab's `faults.ts`).
 */
export class FaultQueue<Kind extends string> {
  private readonly queue: QueuedFault<Kind>[] = [];

  constructor(
    private readonly sleep: (ms: number) => Promise<void> = (ms) => delay(ms).then(() => undefined),
  ) {}

  /** Queues a fault. Throws on a fault that could never fire as asked. */
  inject(fault: Fault<Kind>): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1) {
      throw new RangeError(`fault.times must be a positive integer, got ${times}`);
    }
    if (fault.kind === DELAY && (fault.delayMs === undefined || fault.delayMs < 0)) {
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
  pending(): Fault<Kind>[] {
    return this.queue.map(({ action, kind, remaining, delayMs }) =>
      kind === DELAY ? { action, kind, times: remaining, delayMs } : { action, kind, times: remaining },
    );
  }

  /** Drops every queued fault. */
  clear(): void {
    this.queue.length = 0;
  }

  /**
   * Consumes the next fault queued for `action` and returns its kind, or undefined when none is queued.
   * A delay has already been waited out when this returns; a hang never returns, so the request it
   * hit is never answered.
   */
  protected async take(action: string): Promise<Kind | typeof DELAY | undefined> {
    const index = this.queue.findIndex((queued) => queued.action === action);
    const fault = this.queue[index];
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.queue.splice(index, 1);
    if (fault.kind === HANG) return new Promise<never>(() => undefined);
    if (fault.kind === DELAY) await this.sleep(fault.delayMs);
    return fault.kind;
  }
}
