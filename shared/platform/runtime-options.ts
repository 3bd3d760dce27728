import { systemClock } from '../core/clock';
import type { Clock } from '../core/types';
import { createMemoryLeaseStore } from '../lease/memory-store';
import type { LeaseStore } from '../lease/types';
import { logLevelOf } from '../log/log-level';
import { createLogger } from '../log/logger';
import type { Logger } from '../log/logger';
import type { LoopEvent } from '../reconcile/loop-events';

/** What a runtime takes besides its clients, on either cloud. */
export interface RuntimeOptions {
  readonly log?: Logger;
  readonly clock?: Clock;
  /** Where pool leases live; default: this process's memory (one process only: the CLI, tests). */
  readonly leaseStore?: LeaseStore;
  /** How long after an add a describe may lag; see `applyIntents`. */
  readonly consistencyMs?: number;
  /** Sees every event of the loop (the drill's timeline). */
  readonly observe?: (event: LoopEvent) => void;
}

/** The loop's dependencies that do not depend on the cloud. */
export function loopDeps(options: RuntimeOptions) {
  return {
    clock: options.clock ?? systemClock,
    log: options.log ?? environmentLogger(process.env),
    leaseStore: options.leaseStore ?? createMemoryLeaseStore(),
    ...(options.consistencyMs !== undefined ? { consistencyMs: options.consistencyMs } : {}),
    ...(options.observe ? { observe: options.observe } : {}),
  };
}

/** The functions' logger: stdout, at the level `LOG_LEVEL` names (`info` when unset or unknown). */
export function environmentLogger(env: NodeJS.ProcessEnv): Logger {
  const setting = logLevelOf(env.LOG_LEVEL);
  const log = createLogger({ level: setting.level });
  if (!setting.ok) log.warn('LOG_LEVEL not understood', { problem: setting.problem });
  return log;
}
