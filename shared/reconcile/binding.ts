import { formatAlert } from '../alert/message';
import type { AlertSink } from '../alert/sink';
import type { Binding, PoolConfig } from '../core/binding';
import { plan } from '../core/plan';
import { worstOutcome } from '../core/report';
import type { BindingReport, PoolReport } from '../core/report';
import type { Resolution } from '../core/resolution';
import { Outcome } from '../core/types';
import type { Backend, Clock } from '../core/types';
import { PoolApiError } from '../backends/errors';
import type { Pool } from '../backends/pool';
import { waitHealthy } from '../backends/wait-healthy';
import type { Logger } from '../log/logger';
import { resolveSettled } from './settle';
import { simulatedPool } from './simulated-pool';
import { syncPool } from './sync-pool';

export interface BindingDeps {
  readonly resolve: (binding: Binding) => Promise<Resolution>;
  readonly poolFor: (config: PoolConfig) => Pool;
  readonly alert: AlertSink;
  readonly clock: Clock;
  readonly log: Logger;
  /** Epoch milliseconds by which the invocation must have returned. */
  readonly deadlineMs: number;
}

type Described = { pool: Pool; before: Backend[] } | { pool: Pool; error: PoolApiError };

/**
 * One binding, start to finish: describe its pools, resolve (waiting for DNS to move after a failover),
 * bring each pool to the answer (or simulate it, for dry runs and report-only bindings), then alert on
 * anything but in-sync.
 */
export async function reconcileBinding(
  binding: Binding,
  { settle, dryRun, trigger }: { settle: boolean; dryRun: boolean; trigger: string },
  deps: BindingDeps,
): Promise<BindingReport> {
  const { clock, log } = deps;
  const startedMs = clock.now();
  const mode = dryRun ? 'dry-run' : binding.policy.mode;
  const planPolicy = {
    allowedCidrs: binding.allowedCidrs,
    maxBackends: binding.maxBackends,
    onHealthTimeout: binding.policy.onHealthTimeout,
  };

  const described = await Promise.all(binding.pools.map((config) => describe(deps.poolFor(config))));
  const moved = (resolution: Resolution) =>
    described.some(
      (d) =>
        'before' in d &&
        plan({
          resolution,
          port: d.pool.port,
          current: d.before,
          policy: planPolicy,
          healthDeadlinePassed: false,
        }).kind !== 'in-sync',
    );
  // Settling may use at most half of what is left, so the swap itself always has time to finish.
  const settleDeadlineMs = Math.min(
    startedMs + binding.policy.settleSeconds * 1000,
    startedMs + (deps.deadlineMs - startedMs) / 2,
  );
  const { resolution, settle: settled } = await resolveSettled(() => deps.resolve(binding), {
    settle,
    moved,
    deadlineMs: settleDeadlineMs,
    pollMs: binding.policy.settlePollMs,
    clock,
  });
  log.info('endpoint resolved', { binding: binding.name, resolution, settle: settled });

  const pools = await Promise.all(
    described.map((d): Promise<PoolReport> => {
      if ('error' in d) return Promise.resolve(describeFailure(d.pool, d.error));
      const simulation = mode === 'apply' ? undefined : simulatedPool(d.pool, d.before);
      return syncPool(simulation?.pool ?? d.pool, {
        binding: binding.name,
        resolution,
        before: d.before,
        planPolicy,
        policy: binding.policy,
        deadlineMs: deps.deadlineMs,
        startedMs,
        clock,
        log,
        waitHealthy: simulation?.waitHealthy ?? waitHealthy,
      });
    }),
  );

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
  const deliveries =
    outcome === Outcome.InSync || mode === 'dry-run'
      ? []
      : await deps.alert(
          formatAlert(
            { ...report, alerts: { sent: [], failed: [] }, durationMs: clock.now() - startedMs },
            trigger,
          ),
          binding,
        );
  for (const d of deliveries) log[d.ok ? 'info' : 'error']('alert', { binding: binding.name, ...d });
  return {
    ...report,
    alerts: {
      sent: deliveries.filter((d) => d.ok).map((d) => d.target),
      failed: deliveries.filter((d) => !d.ok).map((d) => d.target),
    },
    durationMs: clock.now() - startedMs,
  };
}

async function describe(pool: Pool): Promise<Described> {
  try {
    return { pool, before: await pool.describe() };
  } catch (error) {
    if (error instanceof PoolApiError) return { pool, error };
    throw error;
  }
}

function describeFailure(pool: Pool, error: PoolApiError): PoolReport {
  return {
    pool: pool.id,
    outcome: Outcome.Failed,
    before: [],
    after: [],
    actions: [],
    reason: error.message,
    error: { step: error.step, code: error.code, message: error.message },
    durationMs: 0,
  };
}

/** In a simulation, a pool that "would swap" is drift: nothing was changed. */
function simulatedOutcome(pools: readonly PoolReport[]): Outcome {
  return worstOutcome(pools.map((p) => (p.outcome === Outcome.Swapped ? Outcome.Drift : p.outcome)));
}
