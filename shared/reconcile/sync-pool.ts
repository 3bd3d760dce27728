import type { BindingPolicy } from '../core/binding';
import { plan } from '../core/plan';

import type { Resolution } from '../core/resolution';
import { Outcome } from '../core/types';
import type { Backend, BackendAddress, Clock, PlanPolicy } from '../core/types';
import { PoolApiError } from '../backends/errors';
import type { Pool } from '../backends/pool';
import type { WaitHealthyOutcome } from '../backends/wait-healthy';
import type { Logger } from '../log/logger';
import { keysOf, viewOf } from '../core/report';
import type { ActionRecord, PoolReport } from '../core/report';
import { poolJournal } from './pool-journal';

/** Registration, a wait, a removal and the final check: more passes than that means something fights us. */
const MAX_PASSES = 6;

export interface SyncPoolOptions {
  readonly binding: string;
  readonly resolution: Resolution;
  readonly before: readonly Backend[];
  readonly planPolicy: PlanPolicy;
  readonly policy: Pick<BindingPolicy, 'healthTimeoutSeconds' | 'healthPollMs'>;
  /** The invocation's own deadline: no wait may outlive the function. */
  readonly deadlineMs: number;
  /** When the binding's reconcile started, for `atMs` in the actions. */
  readonly startedMs: number;
  readonly clock: Clock;
  readonly log: Logger;
  readonly waitHealthy: (
    pool: Pool,
    targets: readonly BackendAddress[],
    options: { deadlineMs: number; pollMs: number; clock: Clock },
  ) => Promise<WaitHealthyOutcome>;
}

/**
 * Brings one pool to the resolved addresses by asking `plan()` for the next step until it says in-sync,
 * refuse or hold. Level-triggered: every pass looks at the pool afresh, so a retried or racing
 * invocation picks up wherever the pool is.
 */
export async function syncPool(pool: Pool, options: SyncPoolOptions): Promise<PoolReport> {
  const { clock, log, binding } = options;
  const journal = poolJournal({
    binding,
    pool: pool.id,
    before: viewOf(options.before),
    bindingStartedMs: options.startedMs,
    clock,
    log,
  });
  const healthDeadlineMs = Math.min(
    journal.poolStartedMs + options.policy.healthTimeoutSeconds * 1000,
    options.deadlineMs,
  );
  let current = options.before;
  let changed = false;
  const finish = (outcome: Outcome, reason: string, extra: Partial<PoolReport> = {}) =>
    journal.finish(outcome, reason, viewOf(current), extra);
  const record = async (
    action: ActionRecord['action'],
    targets: string[],
    run: () => Promise<string | undefined>,
  ) => {
    const startedMs = clock.now();
    journal.record(action, targets, startedMs, await run());
  };

  try {
    for (let pass = 0; pass < MAX_PASSES; pass += 1) {
      const step = plan({
        resolution: options.resolution,
        port: pool.port,
        current,
        policy: options.planPolicy,
        healthDeadlinePassed: clock.now() >= healthDeadlineMs,
      });
      log.info('plan', { binding, pool: pool.id, pass, step: step.kind, before: viewOf(current) });
      switch (step.kind) {
        case 'in-sync':
          return finish(
            changed ? Outcome.Swapped : Outcome.InSync,
            changed ? 'pool now matches the endpoint' : 'pool already matches the endpoint',
          );
        case 'refuse':
          return finish(Outcome.Refused, `refused: ${step.refusal.reason}: ${step.refusal.detail}`, {
            refusal: step.refusal,
          });
        case 'hold':
          return finish(
            Outcome.Failed,
            `${keysOf(step.waitingFor).join(', ')} not healthy by the health deadline; ` +
              `kept ${keysOf(step.stale).join(', ')} (onHealthTimeout: keep-old)`,
          );
        case 'register':
          await record('register', keysOf(step.add), async () => {
            await pool.register(step.add);
            return undefined;
          });
          changed = true;
          current = await pool.describe();
          break;
        case 'await-health':
          await record('wait-healthy', keysOf(step.waitingFor), async () => {
            const waited = await options.waitHealthy(pool, step.waitingFor, {
              deadlineMs: healthDeadlineMs,
              pollMs: options.policy.healthPollMs,
              clock,
            });
            current = waited.backends;
            return waited.healthy ? 'healthy' : `not healthy: ${waited.notHealthy.join(', ')}`;
          });
          break;
        case 'deregister':
          await record('deregister', keysOf(step.remove), async () => {
            await pool.deregister(step.remove);
            return step.because;
          });
          changed = true;
          current = await pool.describe();
          break;
      }
    }
    return finish(
      Outcome.Failed,
      `did not converge after ${MAX_PASSES} passes: something else is changing the pool`,
    );
  } catch (error) {
    if (!(error instanceof PoolApiError)) throw error;
    return finish(Outcome.Failed, error.message, {
      error: { step: error.step, code: error.code, message: error.message },
    });
  }
}
