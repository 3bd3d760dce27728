import { alertMessageOf } from '../alert/message';
import type { AlertMessage } from '../alert/message';
import type { AlertSink } from '../alert/sink';
import type { Binding } from '../core/config-types';
import { worstOutcome } from '../core/report';
import type { BindingReport, PoolReport } from '../core/report';
import type { Resolution } from '../core/resolution';
import { Outcome } from '../core/types';
import type { Clock } from '../core/types';
import type { Logger } from '../log/logger';
import { emit } from './loop-events';
import type { LoopEvent } from './loop-events';
import { poisonedAnswer, poisonedAnswerMessage } from './poisoned-answer';
import { resolveSettled } from './settle';
import { describePool } from './sync-pool';
import type { LeaseAccess, PoolAccess } from './sync-pool';

export interface BindingDeps extends PoolAccess, LeaseAccess {
  readonly resolve: (binding: Binding) => Promise<Resolution>;
  readonly alert: AlertSink;
  readonly clock: Clock;
  readonly log: Logger;
  /** Sees every event of the loop as it happens (the drill's timeline, tests). */
  readonly observe?: (event: LoopEvent) => void;
  /** Epoch milliseconds by which every call and wait must have ended. */
  readonly deadlineMs: number;
  /** Fires at the deadline, so that a hung call is abandoned. */
  readonly abortSignal?: AbortSignal;
}

/**
 * One binding, start to finish: describe its pools, resolve (waiting for DNS to move after a failover),
 * bring each pool where it must be (or simulate it, for dry runs and report-only bindings), then alert
 * on anything but in-sync.
 */
export async function reconcileBinding(
  binding: Binding,
  { settle, dryRun, trigger }: { settle: boolean; dryRun: boolean; trigger: string },
  deps: BindingDeps,
): Promise<BindingReport> {
  const { clock } = deps;
  const startedMs = clock.now();
  const mode = dryRun ? 'dry-run' : binding.policy.mode;
  const call = {
    deadlineMs: deps.deadlineMs,
    ...(deps.abortSignal ? { abortSignal: deps.abortSignal } : {}),
  };

  // The first answer and the first look at the pools are independent: one round trip, not two.
  let firstAnswer: Promise<Resolution> | undefined = deps.resolve(binding);
  const described = await Promise.all(
    binding.pools.map((config) => describePool(binding, config, deps, call)),
  );
  const resolveNext = () => {
    const answer = firstAnswer ?? deps.resolve(binding);
    firstAnswer = undefined;
    return answer;
  };
  // Settling may use at most half of what is left, so the swap itself always has time to finish.
  const settleDeadlineMs = Math.min(
    startedMs + binding.policy.settleSeconds * 1000,
    startedMs + (deps.deadlineMs - startedMs) / 2,
  );
  // A poisoned answer met while settling is alerted at once, and the wait goes on (see resolveSettled).
  let refusedAlert: Promise<BindingReport['alerts']> | undefined;
  const { resolution, settle: settled } = await resolveSettled(resolveNext, {
    settle: settle && described.some((d) => d.followsDns),
    moved: (answer) => described.some((d) => d.moved(answer)),
    deadlineMs: settleDeadlineMs,
    pollMs: binding.policy.settlePollMs,
    clock,
    refusal: (answer) => poisonedAnswer(binding, answer),
    onRefused: (answer, refusal) => {
      deps.log.warn('refused a DNS answer while settling; still waiting', { binding: binding.name, refusal });
      if (mode === 'dry-run') return;
      const message = poisonedAnswerMessage(binding, answer, refusal, {
        mode,
        trigger,
        waitedMs: clock.now() - startedMs,
        settleDeadline: new Date(settleDeadlineMs).toISOString(),
      });
      refusedAlert = deliver(message, binding, deps);
    },
  });
  emit(deps, {
    type: 'endpoint-resolved',
    atMs: clock.now(),
    binding: binding.name,
    resolution,
    ...(settled ? { settle: settled } : {}),
  });

  const context = {
    binding,
    resolution,
    simulate: mode !== 'apply',
    call,
    startedMs,
    clock,
    events: deps,
    lease: deps,
  };
  const pools = await Promise.all(described.map((d) => d.sync(context)));

  const outcome = mode === 'apply' ? worstOutcome(pools.map((p) => p.outcome)) : simulatedOutcome(pools);
  const report: Omit<BindingReport, 'alerts' | 'durationMs'> = {
    binding: binding.name,
    endpoint: `${binding.endpoint.host}:${binding.endpoint.port}`,
    outcome,
    mode,
    resolution,
    ...(settled ? { settle: settled } : {}),
    pools,
  };
  // A dry run is a person looking: it changes nothing, and that includes paging anyone. A busy pool is
  // being changed by another invocation, which alerts for it: one failover, one alert.
  const alerts = merged(
    (await refusedAlert) ?? NO_ALERTS,
    outcome === Outcome.InSync || outcome === Outcome.Busy || mode === 'dry-run'
      ? NO_ALERTS
      : await alert(report, binding, trigger, deps, startedMs),
  );
  return { ...report, alerts, durationMs: clock.now() - startedMs };
}

const NO_ALERTS: BindingReport['alerts'] = { sent: [], failed: [] };

/** Sends the binding's alert through every sink; a lost alert is logged and reported, never thrown. */
async function alert(
  report: Omit<BindingReport, 'alerts' | 'durationMs'>,
  binding: Binding,
  trigger: string,
  deps: BindingDeps,
  startedMs: number,
): Promise<BindingReport['alerts']> {
  const durationMs = deps.clock.now() - startedMs;
  return deliver(alertMessageOf({ ...report, durationMs }, trigger), binding, deps);
}

async function deliver(
  message: AlertMessage,
  binding: Binding,
  deps: BindingDeps,
): Promise<BindingReport['alerts']> {
  const deliveries = await deps.alert(message, binding);
  for (const d of deliveries) {
    emit(deps, { type: 'alert-delivered', atMs: deps.clock.now(), binding: binding.name, ...d });
  }
  return {
    sent: deliveries.filter((d) => d.ok).map((d) => d.target),
    failed: deliveries.filter((d) => !d.ok).map((d) => d.target),
  };
}

function merged(...all: BindingReport['alerts'][]): BindingReport['alerts'] {
  return { sent: all.flatMap((a) => a.sent), failed: all.flatMap((a) => a.failed) };
}

/** In a simulation, a pool that "would swap" is drift: nothing was changed. */
function simulatedOutcome(pools: readonly PoolReport[]): Outcome {
  return worstOutcome(pools.map((p) => (p.outcome === Outcome.Swapped ? Outcome.Drift : p.outcome)));
}
