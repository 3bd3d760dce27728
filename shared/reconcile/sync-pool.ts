import type {
  AlicloudClbPoolConfig,
  Binding,
  PoolConfig,
  Route53RecordPoolConfig,
} from '../core/config-types';
import { ipPlanner } from '../core/plan';
import { recordPlanner } from '../core/record-plan';
import type { RecordValue } from '../core/record-plan';
import { relayPlanner } from '../core/relay-plan';
import type { RelayAddress } from '../core/relay-plan';
import type { PoolReport } from '../core/report';
import type { Resolution } from '../core/resolution';
import type { Described, Planner } from '../core/step';
import { Outcome } from '../core/types';
import type { BackendAddress, Clock } from '../core/types';
import type { CallContext, Pool } from '../backends/pool';
import { acquireLease } from '../lease/lease';
import { admitAddresses } from '../probe/admission';
import type { AdmissionAccess } from '../probe/admission';
import type { PoolLease } from '../lease/lease';
import type { LeaseStore } from '../lease/types';
import { emit } from './loop-events';
import type { LoopEventSinks } from './loop-events';
import { converge } from './converge';
import type { ConvergeOptions } from './converge';
import { poolFailureOf } from './pool-failure';
import { drainNeedsChange, readDrain, settleDrain, withConnections } from './pool-connections';
import type { SeenDrain } from './pool-connections';
import { poolJournal } from './pool-journal';
import { simulatedPool } from './simulated-pool';

/**
 * How the loop reaches the pools of a binding: IP pools and records follow the endpoint, relay groups
 * their relays.
 */
export interface PoolAccess {
  readonly poolFor: (
    config: Exclude<PoolConfig, AlicloudClbPoolConfig | Route53RecordPoolConfig>,
  ) => Pool<BackendAddress>;
  readonly relayGroupFor: (config: AlicloudClbPoolConfig) => Pool<RelayAddress>;
  /** How a binding's `probe` reaches addresses and logins; the real network, and no logins, when absent. */
  readonly admission?: AdmissionAccess;
  /** Only a runtime that manages Route 53 records has it. */
  readonly recordFor?: (config: Route53RecordPoolConfig) => Pool<RecordValue>;
}

/** Where pool leases live, and who this invocation is in them. */
export interface LeaseAccess {
  readonly leaseStore: LeaseStore;
  /** This invocation's name as a lease holder. */
  readonly runId: string;
  /** How long after an add a describe may still show an older state; default 5000. */
  readonly consistencyMs?: number;
}

export interface SyncContext {
  readonly binding: Binding;
  readonly resolution: Resolution;
  /** Dry runs and report-only bindings work on an in-memory copy of each pool. */
  readonly simulate: boolean;
  readonly call: CallContext;
  readonly startedMs: number;
  readonly clock: Clock;
  readonly events: LoopEventSinks;
  readonly lease: LeaseAccess;
}

/** A pool of a binding as first seen in this invocation, its member type hidden. */
export interface DescribedPool {
  readonly id: string;
  /** IP pools follow the endpoint's DNS answer; relay groups do not, so waiting for DNS cannot help them. */
  readonly followsDns: boolean;
  /** Whether this answer would change the pool: DNS has moved, as far as this pool can tell. */
  moved(resolution: Resolution): boolean;
  /** Brings the pool where it must be (or simulates it) and reports. */
  sync(context: SyncContext): Promise<PoolReport>;
}

/** How long after a change a describe may still show the state before it, unless a runtime says. */
export const DEFAULT_CONSISTENCY_MS = 5000;

export async function describePool(
  binding: Binding,
  config: PoolConfig,
  access: PoolAccess,
  call: CallContext,
): Promise<DescribedPool> {
  if (config.kind === 'alicloud-clb') {
    // Relay groups follow their relays, not DNS: a new answer never moves them.
    return describeWith(access.relayGroupFor(config), () => relayPlanner(config), false, call);
  }
  const policy = {
    allowedCidrs: binding.allowedCidrs,
    maxBackends: binding.maxBackends,
    onHealthTimeout: binding.policy.onHealthTimeout,
  };
  if (config.kind === 'aws-route53-record') {
    if (!access.recordFor) throw new Error(`this runtime cannot manage ${config.kind} pools`);
    const { ttlSeconds, onForeignRecord } = config;
    const plannerFor = (r: Resolution) => recordPlanner(r, { policy, ttlSeconds, onForeignRecord });
    return describeWith(access.recordFor(config), plannerFor, true, call);
  }
  const probe = binding.probe;
  const admitFor = probe
    ? (context: SyncContext) => (members: readonly BackendAddress[]) =>
        admitAddresses(
          members,
          probe,
          { call: context.call, now: () => context.clock.now() },
          access.admission,
        )
    : undefined;
  return describeWith(access.poolFor(config), (r) => ipPlanner(r, config.port, policy), true, call, admitFor);
}

async function describeWith<A>(
  pool: Pool<A>,
  plannerFor: (resolution: Resolution) => Planner<A>,
  followsDns: boolean,
  call: CallContext,
  admitFor?: (context: SyncContext) => ConvergeOptions<A>['admit'],
): Promise<DescribedPool> {
  // Read once per invocation, alongside the members: the policy's step and the report both use it.
  const drain = readDrain(pool.drain, call);
  let before: Described<A>[];
  try {
    before = await pool.describe(call);
  } catch (error) {
    await drain;
    const failure = poolFailureOf(error);
    return {
      id: pool.id,
      followsDns,
      moved: () => false,
      sync: async (context) => finished(pool.id, context, Outcome.Failed, failure.reason, failure),
    };
  }
  const first = (resolution: Resolution) =>
    plannerFor(resolution)({ current: before, healthDeadlinePassed: false, removedThisRun: new Set() });
  return {
    id: pool.id,
    followsDns,
    moved: (resolution) => followsDns && !['in-sync', 'refuse'].includes(first(resolution).kind),
    sync: async (context) =>
      syncPool(pool, plannerFor(context.resolution), before, await drain, context, admitFor?.(context)),
  };
}

/**
 * Simulation, nothing to do, or the real thing under the pool's lease. The lease is taken only when the
 * first look says a change may be needed: an in-sync check costs no store call.
 */
async function syncPool<A>(
  pool: Pool<A>,
  planner: Planner<A>,
  before: Described<A>[],
  drain: SeenDrain,
  context: SyncContext,
  admit: ConvergeOptions<A>['admit'],
): Promise<PoolReport> {
  const onSwap = context.binding.onSwap;
  const settle = (simulate: boolean) =>
    settleDrain(pool.drain, onSwap, drain, { simulate, call: context.call });
  const { clock, events } = context;
  const common = {
    pool,
    planner,
    before,
    binding: context.binding.name,
    policy: context.binding.policy,
    // A window as long as the health timeout would keep every new member untrusted until the deadline.
    consistencyMs: Math.min(
      context.lease.consistencyMs ?? DEFAULT_CONSISTENCY_MS,
      (context.binding.policy.healthTimeoutSeconds * 1000) / 2,
    ),
    events,
    // Dry runs probe too: a failed probe holds apply, and a dry run shows what apply would do.
    ...(admit ? { admit } : {}),
  };
  if (context.simulate) {
    const simulation = simulatedPool(pool, before);
    const connections = await settle(true);
    const report = await converge({
      ...common,
      pool: simulation.pool,
      initial: before,
      lease: SIMULATED_LEASE,
      call: { deadlineMs: Number.MAX_SAFE_INTEGER },
      startedMs: 0,
      clock: simulation.clock,
    });
    return withConnections(report, connections);
  }
  const first = planner({ current: before, healthDeadlinePassed: false, removedThisRun: new Set() });
  const real = { ...common, call: context.call, startedMs: context.startedMs, clock };
  if ((first.kind === 'in-sync' || first.kind === 'refuse') && !drainNeedsChange(onSwap, drain)) {
    const connections = await settle(false);
    return withConnections(await converge({ ...real, initial: before, lease: NO_LEASE }), connections);
  }
  let taken;
  try {
    taken = await acquireLease(pool.id, {
      store: context.lease.leaseStore,
      owner: context.lease.runId,
      clock,
      deadlineMs: context.call.deadlineMs,
      // Half of what is left at most: the holder may finish, and so must we, with a report.
      waitUntilMs: clock.now() + (context.call.deadlineMs - clock.now()) / 2,
      pollMs: 1000,
      ...(context.call.abortSignal ? { abortSignal: context.call.abortSignal } : {}),
    });
  } catch (error) {
    const failure = poolFailureOf(error);
    return finished(pool.id, context, Outcome.Failed, failure.reason, failure);
  }
  if (taken.kind === 'busy') {
    const until = new Date(taken.expiresAtMs).toISOString();
    const reason = `busy: ${taken.holder} holds the lease on this pool (until ${until} at the latest); left it to finish`;
    return finished(pool.id, context, Outcome.Busy, reason);
  }
  emit(events, {
    type: 'lease-taken',
    atMs: clock.now(),
    binding: context.binding.name,
    pool: pool.id,
    waitedMs: taken.waitedMs,
  });
  let afterUncertainChange = true;
  try {
    const connections = await settle(false);
    const report = await converge({ ...real, lease: taken.lease });
    afterUncertainChange = report.error?.step === 'register' || report.error?.step === 'deregister';
    return withConnections(report, connections);
  } finally {
    await taken.lease.release({ afterUncertainChange });
  }
}

/** A report for a pool the engine never worked on. */
function finished(
  pool: string,
  context: SyncContext,
  outcome: Outcome,
  reason: string,
  extra: Partial<PoolReport> = {},
): PoolReport {
  const journal = poolJournal({
    binding: context.binding.name,
    pool,
    before: [],
    bindingStartedMs: context.startedMs,
    clock: context.clock,
    events: context.events,
  });
  return journal.finish(outcome, reason, [], extra);
}

/** Simulations change nothing real, so they journal nowhere. */
const SIMULATED_LEASE: PoolLease = {
  intents: () => [],
  intend: async () => undefined,
  release: async () => undefined,
};

/** For a pool the first look found final: nothing may be changed without taking the lease first. */
const NO_LEASE: PoolLease = {
  intents: () => [],
  intend: async () => {
    throw new Error('bug: a change was about to be sent without the pool lease');
  },
  release: async () => undefined,
};
