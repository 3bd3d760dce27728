import { parseConfig } from '../../shared/config/load';
import { cidrMatcher } from '../../shared/core/cidr';
import { backendKey } from '../../shared/core/keys';
import type { Resolution } from '../../shared/core/resolution';
import type { BackendAddress } from '../../shared/core/types';
import type { Trigger } from '../../shared/events/types';
import { LATE_LANDING_MARGIN_MS } from '../../shared/lease/lease';
import { createMemoryLeaseStore } from '../../shared/lease/memory-store';
import type { LeaseStore } from '../../shared/lease/types';
import { createLogger } from '../../shared/log/logger';
import { reconcile } from '../../shared/reconcile';
import type { ReconcileDeps } from '../../shared/reconcile';
import type { Report } from '../../shared/core/report';
import { killSwitch } from './kill-switch';
import type { KillPoint } from './kill-switch';
import { CLEAN_CALL, modelPool } from './model-pool';
import type { CallPlan } from './model-pool';
import { createScheduler } from './scheduler';
import type { RunClock } from './scheduler';

export const PORT = 5432;
export const ALLOWED_CIDR = '10.0.0.0/16';
export const MAX_BACKENDS = 2;
/** Below the engine's default 5000 ms consistency window, as the design assumes. */
export const MAX_LAG_MS = 4000;
export const TARGET_GROUP =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders/0123456789abcdef';

export const failoverTrigger: Trigger = {
  kind: 'rds-event',
  via: 'eventbridge',
  events: [
    {
      eventId: 'RDS-EVENT-0071',
      sourceType: 'cluster',
      sourceId: 'orders',
      message: 'failover',
      settles: true,
    },
  ],
};
export const scheduleTrigger: Trigger = { kind: 'schedule' };

export interface IpWorldOptions {
  readonly healthTimeoutSeconds: number;
  readonly onHealthTimeout: 'keep-old' | 'remove-old';
  readonly settleSeconds: number;
  /** Per IP: how long after registration its checks pass (default 3000). */
  readonly checkDelayMs?: Readonly<Record<string, number>>;
  /** Scripted call plans, one per call of each kind, in arrival order; then clean calls with `lagMs`. */
  readonly plans?: { readonly describe: readonly CallPlan[]; readonly apply: readonly CallPlan[] };
  readonly lagMs?: number;
  /** Whether an effect may land after its call ended (default true); see `ModelPoolOptions`. */
  readonly lateLandings?: boolean;
  /** Picks a call's plan by who sends what (directed tests); the scripted `plans` then do not apply. */
  readonly planFor?: (call: 'describe' | 'apply', caller: string, what: string) => CallPlan | undefined;
}

export interface RunSpec {
  readonly runId: string;
  /** What DNS says `elapsedMs` after the run started. */
  readonly answer: (elapsedMs: number) => Resolution;
  readonly trigger: Trigger;
  readonly deadlineInMs: number;
  /** Also hand the run an abort signal that fires at its deadline. */
  readonly abortAtDeadline?: boolean;
  readonly kill?: KillPoint;
}

export const resolvedTo = (...addresses: string[]): Resolution => ({
  ok: true,
  addresses,
  ttlSeconds: 5,
  chain: ['orders.cluster-abc.us-east-1.rds.amazonaws.com'],
  server: '10.0.0.2',
});

export const nxdomain: Resolution = { ok: false, failure: 'nxdomain', detail: 'no such name' };

/**
 * One ELBv2 target group on the model, one shared memory lease store, and runs of the real
 * `reconcile()` started against them, each with its own id, DNS answer, deadline and (for kill tests)
 * kill point.
 */
export function ipWorld(options: IpWorldOptions) {
  const scheduler = createScheduler();
  const t0 = scheduler.now();
  const allowed = cidrMatcher([ALLOWED_CIDR]);
  const nextPlan = { describe: 0, apply: 0 };
  let faultsOn = true;
  const plans = options.plans ?? { describe: [], apply: [] };
  const pool = modelPool<BackendAddress>({
    scheduler,
    id: 'aws-elbv2 targetgroup/orders/0123456789abcdef',
    flavour: 'ip',
    key: backendKey,
    instanceOf: (m) => m.ip,
    drainMs: 300_000,
    checkDelayMs: (ip) => options.checkDelayMs?.[ip] ?? 3000,
    plans: (call, caller, what) => {
      const scripted = !faultsOn
        ? undefined
        : options.planFor
          ? options.planFor(call, caller, what)
          : plans[call][nextPlan[call]];
      nextPlan[call] += 1;
      return scripted ?? { ...CLEAN_CALL, latencyMs: 50, lagMs: options.lagMs ?? 0 };
    },
    landingMarginMs: LATE_LANDING_MARGIN_MS,
    lateLandings: options.lateLandings ?? true,
    maxLagMs: MAX_LAG_MS,
    checkAdd: (added) => {
      const outside = added.filter((m) => !allowed(m.ip));
      if (outside.length > 0) return `added ${outside.map(backendKey).join(', ')}, outside ${ALLOWED_CIDR}`;
      if (added.length > MAX_BACKENDS) return `added ${added.length} members at once, max ${MAX_BACKENDS}`;
      if (added.some((m) => m.port !== PORT)) return `added a member on another port than ${PORT}`;
      return undefined;
    },
  });
  const leaseStore = createMemoryLeaseStore();
  const config = parseConfig(
    `bindings:
  - name: orders
    endpoint: orders.cluster-abc.us-east-1.rds.amazonaws.com:${PORT}
    source: { aws: { cluster: orders } }
    pools: [{ aws-elbv2: { targetGroupArn: "${TARGET_GROUP}" } }]
    allowedCidrs: [${ALLOWED_CIDR}]
    maxBackends: ${MAX_BACKENDS}
    alert: { sns: "arn:aws:sns:us-east-1:123456789012:db-failover" }
    policy:
      settleSeconds: ${options.settleSeconds}
      settlePollMs: 1000
      healthTimeoutSeconds: ${options.healthTimeoutSeconds}
      healthPollMs: 1000
      onHealthTimeout: ${options.onHealthTimeout}
`,
    'model.yml',
  );

  const start = (spec: RunSpec) => {
    const clock: RunClock = scheduler.clockFor();
    const kill = killSwitch(spec.kill, () => clock.kill());
    const startedMs = scheduler.now();
    const deadlineMs = startedMs + spec.deadlineInMs;
    let abortSignal: AbortSignal | undefined;
    if (spec.abortAtDeadline) {
      const controller = new AbortController();
      scheduler.at(deadlineMs, () => controller.abort());
      abortSignal = controller.signal;
    }
    const store: LeaseStore = kill.store(leaseStore);
    const deps: ReconcileDeps = {
      config,
      platform: 'aws',
      resolve: async () => spec.answer(clock.now() - startedMs),
      poolFor: () => kill.pool(pool.clientFor(spec.runId)),
      relayGroupFor: () => {
        throw new Error('no relay group in this world');
      },
      alert: async () => [],
      clock,
      log: createLogger({ write: () => undefined }),
      deadlineMs,
      ...(abortSignal ? { abortSignal } : {}),
      leaseStore: store,
      runId: spec.runId,
    };
    const report: Promise<Report> = reconcile(spec.trigger, deps);
    return { report, kill, deadlineMs };
  };

  return {
    scheduler,
    t0,
    pool,
    leaseStore,
    start,
    /** From now on every call is clean (latency 50 ms, the world's lag). */
    stopFaults: () => {
      faultsOn = false;
    },
    key: (ip: string) => backendKey({ ip, port: PORT }),
  };
}

export type IpWorld = ReturnType<typeof ipWorld>;

/** The one pool report of a one-binding, one-pool report. */
export function poolReportOf(report: Report) {
  const pool = report.bindings[0]?.pools[0];
  if (!pool) throw new Error(`no pool report in ${JSON.stringify(report)}`);
  return pool;
}
