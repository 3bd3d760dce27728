import type { ActionRecord, BackendView, PoolReport } from '../core/report';
import type { Resolution } from '../core/resolution';
import type { Step } from '../core/step';
import type { Logger } from '../log/logger';

/**
 * What the loop tells the world as it runs, one event per decision. The logger writes each as a JSON
 * line (invariant 8); the drill's timeline and tests subscribe to the same events, never to log text.
 */
export type LoopEvent = { readonly atMs: number } & (
  | { readonly type: 'trigger-received'; readonly trigger: string }
  | {
      readonly type: 'bindings-selected';
      readonly bindings: readonly { readonly binding: string; readonly settle: boolean }[];
      readonly dryRun: boolean;
      readonly note?: string;
      readonly skipped?: readonly { readonly binding: string; readonly reason: string }[];
    }
  | {
      readonly type: 'endpoint-resolved';
      readonly binding: string;
      readonly resolution: Resolution;
      readonly settle?: { readonly waitedMs: number; readonly polls: number; readonly changed: boolean };
    }
  | {
      readonly type: 'lease-taken';
      readonly binding: string;
      readonly pool: string;
      readonly waitedMs: number;
    }
  | {
      readonly type: 'planned';
      readonly binding: string;
      readonly pool: string;
      readonly step: Step<unknown>['kind'];
      readonly before: readonly BackendView[];
    }
  | {
      readonly type: 'pool-action';
      readonly binding: string;
      readonly pool: string;
      readonly action: ActionRecord;
    }
  | { readonly type: 'pool-reconciled'; readonly binding: string; readonly report: PoolReport }
  | {
      readonly type: 'alert-delivered';
      readonly binding: string;
      readonly target: string;
      readonly ok: boolean;
      readonly error?: string;
    }
);

/** Where the loop's events go: always the log, and whoever else observes. */
export interface LoopEventSinks {
  readonly log: Logger;
  readonly observe?: (event: LoopEvent) => void;
}

/** Emits one event: one log line, then each observer. */
export function emit(sinks: LoopEventSinks, event: LoopEvent): void {
  logLoopEvent(sinks.log, event);
  sinks.observe?.(event);
}

/** The log line of an event: its message and fields are what operators search logs for. */
export function logLoopEvent(log: Logger, event: LoopEvent): void {
  switch (event.type) {
    case 'trigger-received':
      return log.info('trigger received', { trigger: event.trigger });
    case 'bindings-selected': {
      const { bindings, dryRun, note, skipped } = event;
      return log.info('bindings selected', {
        bindings,
        dryRun,
        ...(note ? { note } : {}),
        ...(skipped?.length ? { skipped } : {}),
      });
    }
    case 'endpoint-resolved':
      return log.info('endpoint resolved', {
        binding: event.binding,
        resolution: event.resolution,
        settle: event.settle,
      });
    case 'lease-taken':
      return log.info('lease taken', { binding: event.binding, pool: event.pool, waitedMs: event.waitedMs });
    case 'planned':
      return log.info('plan', {
        binding: event.binding,
        pool: event.pool,
        step: event.step,
        before: event.before,
      });
    case 'pool-action':
      return log.info(`pool ${event.action.action}`, {
        binding: event.binding,
        pool: event.pool,
        ...event.action,
      });
    case 'pool-reconciled':
      return log.info('pool reconciled', {
        binding: event.binding,
        ...event.report,
        actions: event.report.actions.length,
      });
    case 'alert-delivered': {
      const { binding, target, ok, error } = event;
      return log[ok ? 'info' : 'error']('alert', { binding, target, ok, ...(error ? { error } : {}) });
    }
  }
}
