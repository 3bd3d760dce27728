import type { LoopEvent } from '../../shared/reconcile/loop-events';

export interface ProgressOptions {
  /** Where the lines go (stderr): stdout stays the report's, for pipes and `--json`. */
  readonly write: (text: string) => void;
  /** On a terminal a health wait ticks on one line; elsewhere each step is a plain line. */
  readonly tty: boolean;
  /** Bindings whose pool events are a simulation (report-only): nothing real happens to them. */
  readonly simulated: ReadonlySet<string>;
  readonly now?: () => number;
  readonly setInterval?: (tick: () => void, ms: number) => { unref?: () => void };
  readonly clearInterval?: (handle: unknown) => void;
}

export interface Progress {
  readonly observe: (event: LoopEvent) => void;
  /** Ends a ticking line; call when the run is over. */
  stop(): void;
}

/**
 * A line per step of an apply, from the loop's typed events: the endpoint's answer, each change sent,
 * each health wait (ticking once a second on a terminal, so a 300 s wait is visibly alive), each pool's
 * outcome and each alert. Never reads log text.
 */
export function createProgress(options: ProgressOptions): Progress {
  const { write, tty } = options;
  const now = options.now ?? Date.now;
  const every = options.setInterval ?? ((tick, ms) => setInterval(tick, ms));
  const cancel = options.clearInterval ?? ((handle) => clearInterval(handle as NodeJS.Timeout));
  /** Pools waiting for health: what they wait for, and since when. */
  const waits = new Map<string, { targets: string; sinceMs: number }>();
  /** What each pool registered last, which is what its next health wait is for. */
  const registered = new Map<string, string>();
  let ticker: unknown;
  let ticking = false;

  const line = (text: string) => {
    if (ticking) write('\r\x1b[K');
    ticking = false;
    write(`${text}\n`);
    if (tty && waits.size > 0) tick();
  };
  const tick = () => {
    const parts = [...waits.entries()].map(
      ([pool, w]) => `${w.targets} on ${pool}: ${Math.floor((now() - w.sinceMs) / 1000)} s`,
    );
    write(`\r\x1b[K  waiting for health checks: ${parts.join('; ')}`);
    ticking = true;
  };
  const startWait = (pool: string) => {
    const targets = registered.get(pool) ?? 'new backends';
    waits.set(pool, { targets, sinceMs: now() });
    if (!tty) return line(`  ${pool}: waiting for ${targets} to pass health checks`);
    tick();
    if (ticker === undefined) {
      const handle = every(() => (waits.size > 0 ? tick() : undefined), 1000);
      handle.unref?.();
      ticker = handle;
    }
  };
  const endWait = (pool: string) => {
    waits.delete(pool);
    if (waits.size === 0 && ticker !== undefined) {
      cancel(ticker);
      ticker = undefined;
    }
  };

  const observe = (event: LoopEvent) => {
    if ('binding' in event && options.simulated.has(event.binding) && event.type !== 'endpoint-resolved')
      return;
    switch (event.type) {
      case 'endpoint-resolved': {
        const r = event.resolution;
        return line(
          `${event.binding}: endpoint ${r.ok ? `resolves to ${r.addresses.join(', ')}` : `not resolved (${r.failure})`}`,
        );
      }
      case 'lease-taken':
        return line(
          `  ${event.pool}: lease taken${event.waitedMs > 0 ? ` after ${seconds(event.waitedMs)}` : ''}`,
        );
      case 'planned':
        if (event.step === 'await-health' && !waits.has(event.pool)) startWait(event.pool);
        return;
      case 'pool-action': {
        const { action, targets, durationMs, result } = event.action;
        const listed = targets.join(', ');
        if (action === 'register') registered.set(event.pool, listed);
        if (action === 'wait-healthy') {
          endWait(event.pool);
          return line(`  ${event.pool}: ${listed} ${result ?? 'checked'} after ${seconds(durationMs)}`);
        }
        const verb = {
          probe: 'probed',
          register: 'registered',
          deregister: 'deregistered',
          replace: 'swapped in',
        }[action];
        return line(
          `  ${event.pool}: ${verb} ${listed} (${seconds(durationMs)}${result ? `, ${result}` : ''})`,
        );
      }
      case 'pool-reconciled':
        endWait(event.report.pool);
        return line(`  ${event.report.pool}: ${event.report.outcome}, ${event.report.reason}`);
      case 'alert-delivered':
        return line(
          `  alert ${event.ok ? 'sent to' : 'NOT delivered to'} ${event.target}${event.error ? `: ${event.error}` : ''}`,
        );
      default:
        return;
    }
  };
  return {
    observe,
    stop() {
      waits.clear();
      if (ticker !== undefined) cancel(ticker);
      ticker = undefined;
      if (ticking) write('\r\x1b[K');
      ticking = false;
    },
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
