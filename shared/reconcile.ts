import type { Config, Platform } from './core/config-types';
import type { Report } from './core/report';
import type { Outcome } from './core/types';
import type { Trigger } from './events/types';
import { reconcileBinding } from './reconcile/reconcile-binding';
import type { BindingDeps } from './reconcile/reconcile-binding';
import { mapConcurrent } from './reconcile/concurrency';
import { describeTrigger } from './reconcile/describe-trigger';
import { forPlatform, selectBindings } from './reconcile/select';
import { emit } from './reconcile/loop-events';

/** What the loop needs that each invocation sets anew: its deadline and its name as a lease holder. */
export type PerInvocation = 'deadlineMs' | 'abortSignal' | 'runId';

export interface ReconcileDeps extends BindingDeps {
  readonly config: Config;
  /** The cloud this function runs on: it manages only the pools that live there. */
  readonly platform: Platform;
  /** Bindings reconciled at once; each one mostly waits on DNS and health checks. */
  readonly concurrency?: number;
}

/**
 * The loop every function runs: select the bindings the trigger concerns, then for each one resolve,
 * describe, plan, apply, verify and alert (see `reconcileBinding`). Returns one report; never throws for
 * a binding that failed, so the caller can alert and report before deciding to fail (invariant 6).
 */
export async function reconcile(trigger: Trigger, deps: ReconcileDeps): Promise<Report> {
  const startedMs = deps.clock.now();
  const triggerText = describeTrigger(trigger);
  emit(deps, { type: 'trigger-received', atMs: startedMs, trigger: triggerText });

  const { selection, skipped } = forPlatform(selectBindings(trigger, deps.config), deps.platform);
  emit(deps, {
    type: 'bindings-selected',
    atMs: deps.clock.now(),
    bindings: selection.targets.map((t) => ({ binding: t.binding.name, settle: t.settle })),
    dryRun: selection.dryRun,
    ...(selection.note ? { note: selection.note } : {}),
    ...(skipped.length > 0 ? { skipped } : {}),
  });

  const bindings = await mapConcurrent(selection.targets, deps.concurrency ?? 4, ({ binding, settle }) =>
    reconcileBinding(binding, { settle, dryRun: selection.dryRun, trigger: triggerText }, deps),
  );

  const outcomes: Partial<Record<Outcome, number>> = {};
  for (const b of bindings) outcomes[b.outcome] = (outcomes[b.outcome] ?? 0) + 1;
  return {
    trigger: triggerText,
    startedAt: new Date(startedMs).toISOString(),
    durationMs: deps.clock.now() - startedMs,
    dryRun: selection.dryRun,
    outcomes,
    bindings,
    ...(skipped.length > 0 ? { skipped } : {}),
    ...(selection.note ? { note: selection.note } : {}),
  };
}
