import type { ActionRecord, BackendView, PoolReport } from '../core/report';
import type { Outcome } from '../core/types';
import type { Clock } from '../core/types';
import { emit } from './loop-events';
import type { LoopEventSinks } from './loop-events';

/**
 * The report of one pool as it is being written: every action is logged as it ends (one line per
 * decision, invariant 8) and kept for the report; `finish` writes the last line and the report.
 */
export function poolJournal(options: {
  readonly binding: string;
  readonly pool: string;
  readonly before: readonly BackendView[];
  /** When the binding's reconcile started: actions say when they began relative to it. */
  readonly bindingStartedMs: number;
  readonly clock: Clock;
  readonly events: LoopEventSinks;
}) {
  const { binding, pool, clock, events } = options;
  const poolStartedMs = clock.now();
  const actions: ActionRecord[] = [];
  return {
    poolStartedMs,
    /** Records an action that started at `startedMs` and has just ended. */
    record(action: ActionRecord['action'], targets: string[], startedMs: number, result?: string): void {
      const entry: ActionRecord = {
        action,
        targets,
        atMs: startedMs - options.bindingStartedMs,
        durationMs: clock.now() - startedMs,
        ...(result ? { result } : {}),
      };
      actions.push(entry);
      emit(events, { type: 'pool-action', atMs: clock.now(), binding, pool, action: entry });
    },
    finish(
      outcome: Outcome,
      reason: string,
      after: readonly BackendView[],
      extra: Partial<PoolReport> = {},
    ): PoolReport {
      const report: PoolReport = {
        pool,
        outcome,
        before: options.before,
        after,
        actions,
        reason,
        ...extra,
        durationMs: clock.now() - poolStartedMs,
      };
      emit(events, { type: 'pool-reconciled', atMs: clock.now(), binding, report });
      return report;
    },
  };
}
