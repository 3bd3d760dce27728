import type { AlicloudClbPoolConfig, BindingPolicy } from '../core/binding';
import { planRelays } from '../core/relay-plan';
import type { RelayMember } from '../core/relay-plan';
import type { BackendView, PoolReport } from '../core/report';
import { Outcome } from '../core/types';
import type { Clock } from '../core/types';
import { PoolApiError } from '../backends/errors';
import type { RelayGroup } from '../backends/relay-group';
import type { Logger } from '../log/logger';
import { poolJournal } from './pool-journal';

/** Swaps and additions per invocation; more means something else keeps changing the group. */
const MAX_CHANGES = 4;

export interface SyncRelaysOptions {
  readonly binding: string;
  readonly config: AlicloudClbPoolConfig;
  readonly before: readonly RelayMember[];
  readonly policy: Pick<BindingPolicy, 'healthTimeoutSeconds' | 'healthPollMs'>;
  readonly deadlineMs: number;
  readonly startedMs: number;
  readonly clock: Clock;
  readonly log: Logger;
}

const view = (members: readonly RelayMember[]): BackendView[] =>
  members.map((m) => ({ target: `${m.serverId}:${m.port}`, state: m.health }));
const labels = (members: readonly RelayMember[]) => members.map((m) => `${m.serverId}:${m.port}`);

/**
 * Keeps a CLB VServer group on healthy relays: asks `planRelays()` for the next step until in-sync or
 * hold, waiting on the listener's health checks after each swap.
 */
export async function syncRelayGroup(group: RelayGroup, options: SyncRelaysOptions): Promise<PoolReport> {
  const { clock, log, binding, config } = options;
  const journal = poolJournal({
    binding,
    pool: group.id,
    before: view(options.before),
    bindingStartedMs: options.startedMs,
    clock,
    log,
  });
  const healthDeadlineMs = Math.min(
    journal.poolStartedMs + options.policy.healthTimeoutSeconds * 1000,
    options.deadlineMs,
  );
  const exclude = new Set<string>();
  let current = options.before;
  let changes = 0;
  let waitingSinceMs: number | undefined;
  const record = journal.record;
  const finish = (outcome: Outcome, reason: string, extra: Partial<PoolReport> = {}) =>
    journal.finish(outcome, reason, view(current), extra);

  try {
    for (;;) {
      const step = planRelays({
        relays: config.relays,
        activeRelays: config.activeRelays,
        port: config.port,
        weight: config.weight,
        current,
        exclude,
        healthDeadlinePassed: clock.now() >= healthDeadlineMs,
      });
      log.info('plan', {
        binding,
        pool: group.id,
        step: step.kind,
        before: view(current),
        drift: step.drift,
      });
      if (step.kind !== 'await-health' && waitingSinceMs !== undefined) {
        record(
          'wait-healthy',
          labels(current),
          waitingSinceMs,
          step.kind === 'hold' ? 'not healthy' : 'healthy',
        );
        waitingSinceMs = undefined;
      }
      const driftNote = [
        ...(step.drift.foreign.length > 0
          ? [`not configured as relays: ${step.drift.foreign.join(', ')}`]
          : []),
        ...(step.drift.missing > 0 ? [`${step.drift.missing} active relay(s) missing, no spare left`] : []),
      ].join('; ');
      switch (step.kind) {
        case 'in-sync':
          if (changes > 0)
            return finish(Outcome.Swapped, `group on healthy relays${driftNote ? `; ${driftNote}` : ''}`);
          return driftNote
            ? finish(Outcome.Drift, driftNote)
            : finish(Outcome.InSync, 'group on healthy relays');
        case 'hold':
          return finish(Outcome.Failed, `${step.reason}${driftNote ? `; ${driftNote}` : ''}`);
        case 'await-health':
          waitingSinceMs ??= clock.now();
          await clock.sleep(
            Math.max(0, Math.min(options.policy.healthPollMs, healthDeadlineMs - clock.now())),
          );
          break;
        case 'add':
        case 'replace': {
          if ((changes += 1) > MAX_CHANGES) {
            return finish(
              Outcome.Failed,
              `still changing after ${MAX_CHANGES} swaps: something else is changing the group`,
            );
          }
          const startedMs = clock.now();
          if (step.kind === 'add') {
            await group.add(step.add);
            record('register', labels(step.add), startedMs);
          } else {
            for (const failed of step.remove) exclude.add(failed.serverId);
            await group.replace(step.remove, step.add);
            record(
              'replace',
              labels(step.add),
              startedMs,
              `swapped out ${labels(step.remove).join(', ')} (failing)`,
            );
          }
          break;
        }
      }
      current = await group.describe();
    }
  } catch (error) {
    if (!(error instanceof PoolApiError)) throw error;
    return finish(Outcome.Failed, error.message, {
      error: { step: error.step, code: error.code, message: error.message },
    });
  }
}
