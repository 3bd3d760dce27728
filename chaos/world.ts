import { parseConfig } from '../shared/config/load';
import { PoolApiError } from '../shared/backends/errors';
import type { CallContext, Pool } from '../shared/backends/pool';
import { cidrMatcher } from '../shared/core/cidr';
import { backendKey, relayKey } from '../shared/core/keys';
import type { RelayAddress } from '../shared/core/relay-plan';
import type { Report } from '../shared/core/report';
import type { Resolution } from '../shared/core/resolution';
import type { Change } from '../shared/core/step';
import type { BackendAddress } from '../shared/core/types';
import type { Trigger } from '../shared/events/types';
import { LATE_LANDING_MARGIN_MS } from '../shared/lease/lease';
import { createMemoryLeaseStore } from '../shared/lease/memory-store';
import { createLogger } from '../shared/log/logger';
import { reconcile } from '../shared/reconcile';
import type { ReconcileDeps } from '../shared/reconcile';
import { killSwitch } from '../test/model/kill-switch';
import type { KillPoint } from '../test/model/kill-switch';
import { CallFault, CLEAN_CALL, modelPool } from '../test/model/model-pool';
import type { CallPlan } from '../test/model/model-pool';
import { createScheduler } from '../test/model/scheduler';
import { MAX_LAG_MS, RELAYS } from './episode';
import type { ApplyFault, DescribeFault, Episode } from './episode';

export const PORT = 5432;
export const ALLOWED_CIDR = '10.0.0.0/16';
export const MAX_BACKENDS = 2;
export const IPS: Readonly<Record<string, string>> = { A: '10.0.1.10', B: '10.0.1.20', C: '10.0.1.30' };

const TARGET_GROUP =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders/0123456789abcdef';

const policyYaml = (e: Episode) => `    allowedCidrs: [${ALLOWED_CIDR}]
    maxBackends: ${MAX_BACKENDS}
    policy:
      settleSeconds: ${e.settleSeconds}
      settlePollMs: 1000
      healthTimeoutSeconds: ${e.healthTimeoutSeconds}
      healthPollMs: 1000
      onHealthTimeout: ${e.onHealthTimeout}
`;

function configFor(e: Episode) {
  const pool =
    e.kind === 'aws-elbv2'
      ? `{ aws-elbv2: { targetGroupArn: "${TARGET_GROUP}" } }`
      : e.kind === 'alicloud-nlb'
        ? `{ alicloud-nlb: { region: cn-hangzhou, serverGroupId: sgp-orders, port: ${PORT} } }`
        : `{ alicloud-clb: { region: cn-hangzhou, loadBalancerId: lb-orders, vServerGroupId: rsp-orders, listenerPort: ${PORT}, port: ${PORT}, relays: [${RELAYS.join(', ')}], activeRelays: ${e.activeRelays} } }`;
  const source =
    e.kind === 'aws-elbv2' ? '{ aws: { cluster: orders } }' : '{ alicloud: { instance: rm-orders } }';
  return parseConfig(
    `bindings:
  - name: orders
    endpoint: orders.cluster-abc.example.com:${PORT}
    source: ${source}
    pools: [${pool}]
${policyYaml(e)}`,
    'chaos.yml',
  );
}

export function failoverTriggerFor(e: Episode): Trigger {
  return e.kind === 'aws-elbv2'
    ? {
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
      }
    : {
        kind: 'rds-event',
        via: 'eventbridge',
        events: [
          {
            eventId: 'Instance_Failover',
            sourceType: 'alicloud-instance',
            sourceId: 'rm-orders',
            message: 'failover',
            settles: true,
          },
        ],
      };
}

/** One call as the campaign saw it: who sent it, what fault it met, and when its answer reached the run. */
export interface CallRecord {
  readonly caller: string;
  readonly what: string;
  readonly fault: string;
  readonly sentAtMs: number;
  endedAtMs?: number;
  readonly deadlineMs: number;
}

interface RunHandle {
  readonly runId: string;
  readonly deadlineMs: number;
  readonly report: Promise<Report>;
  readonly kill: ReturnType<typeof killSwitch>;
}

/**
 * One pool of the episode's kind on the model (test/model), one shared memory lease store, and runs of
 * the real `reconcile()` against them. Faults are scripted per call in arrival order (the episode's
 * lists), then calls are clean; `stopFaults()` makes every later call clean.
 */
export function chaosWorld(e: Episode) {
  const scheduler = createScheduler();
  const t0 = scheduler.now();
  const allowed = cidrMatcher([ALLOWED_CIDR]);
  const isRelay = e.kind === 'alicloud-clb';
  let faultsOn = true;
  const next = { describe: 0, apply: 0 };
  /** Faults that met a call, by kind. */
  const injected = new Map<string, number>();
  const calls: CallRecord[] = [];
  /** The plan the model asks for next: set by `faulty` just before it hands the call to the model. */
  let pending: CallPlan = CLEAN_CALL;

  const cleanDescribe: DescribeFault = { kind: 'none', latencyMs: 50, lagMs: 0 };
  const cleanApply: ApplyFault = { kind: 'none', latencyMs: 50 };
  const describeFault = (): DescribeFault => {
    const f = faultsOn ? e.describes[next.describe] : undefined;
    next.describe += 1;
    return f ?? cleanDescribe;
  };
  const applyFault = (): ApplyFault => {
    const f = faultsOn ? e.applies[next.apply] : undefined;
    next.apply += 1;
    return f ?? cleanApply;
  };
  const count = (kind: string) => {
    if (kind !== 'none') injected.set(kind, (injected.get(kind) ?? 0) + 1);
  };

  const planOfDescribe = (f: DescribeFault): CallPlan => ({
    fault:
      f.kind === 'throttle' || f.kind === '5xx'
        ? CallFault.Throttle
        : f.kind === 'hang'
          ? CallFault.Hang
          : CallFault.None,
    latencyMs: f.latencyMs,
    lagMs: Math.min(f.lagMs, MAX_LAG_MS),
  });
  const planOfApply = (f: ApplyFault): CallPlan => {
    const base = {
      latencyMs: f.latencyMs,
      ...(f.landAfterMs !== undefined ? { landAfterMs: f.landAfterMs } : {}),
    };
    switch (f.kind) {
      case 'none':
      case 'job-failed':
        return { fault: CallFault.None, ...base };
      case 'throttle':
      case '5xx':
        return { fault: CallFault.Throttle, ...base };
      case 'hang':
        return { fault: CallFault.Hang, ...base };
      case 'lost-response':
        return { fault: CallFault.LostResponse, ...base };
      case 'resent':
        return { fault: CallFault.Resent, ...base };
      case 'job-stuck':
        // The change shows at once (`Adding`, `Removing`); the adapter's wait for the job gives up later.
        return { fault: CallFault.None, latencyMs: f.latencyMs };
    }
  };

  function buildPool<A>(
    key: (m: A) => string,
    instanceOf: (m: A) => string,
    checkAdd: (added: readonly A[]) => string | undefined,
  ) {
    return modelPool<A>({
      scheduler,
      id: isRelay
        ? 'alicloud-clb cn-hangzhou/rsp-orders'
        : e.kind === 'alicloud-nlb'
          ? 'alicloud-nlb cn-hangzhou/sgp-orders'
          : 'aws-elbv2 targetgroup/orders/0123456789abcdef',
      flavour: isRelay ? 'relay' : 'ip',
      key,
      instanceOf,
      drainMs: e.drainMs,
      checkDelayMs: () => e.checkDelayMs,
      plans: () => pending,
      landingMarginMs: LATE_LANDING_MARGIN_MS,
      lateLandings: true,
      maxLagMs: MAX_LAG_MS,
      checkAdd,
    });
  }

  /** Wraps a run's client: draws each call's fault, records when its answer reaches the run. */
  function faulty<A>(model: Pool<A>, caller: string, key: (m: A) => string): Pool<A> {
    const timed = <T>(
      what: string,
      fault: string,
      context: CallContext,
      send: () => Promise<T>,
    ): Promise<T> => {
      const record: CallRecord = {
        caller,
        what,
        fault,
        sentAtMs: scheduler.now(),
        deadlineMs: context.deadlineMs,
      };
      calls.push(record);
      const end = () => {
        record.endedAtMs = scheduler.now();
      };
      const p = send();
      p.then(end, end);
      return p;
    };
    return {
      id: model.id,
      key: model.key,
      describe: (context) => {
        const f = describeFault();
        count(f.kind);
        return timed('describe', f.kind, context, () => {
          pending = planOfDescribe(f);
          return model.describe(context);
        });
      },
      apply: (change: Change<A>, context) => {
        const f = applyFault();
        count(f.kind);
        const what = describeChange(change, key);
        const step = change.kind === 'add' ? 'register' : 'deregister';
        return timed(what, f.kind, context, () => {
          if (f.kind === 'job-failed') return jobEnds(context, f, model.id, step, 'JobFailed');
          pending = planOfApply(f);
          const sent = model.apply(change, context);
          return f.kind === 'job-stuck'
            ? sent.then(() => jobEnds(context, f, model.id, step, 'JobTimeout'))
            : sent;
        });
      },
    };
  }

  /**
   * How an NLB job that does not succeed reaches the engine: the adapter waits for the job
   * (shared/backends/alicloud-nlb/nlb-pool.ts, `waitForJob`) and throws `JobFailed` or `JobTimeout` once
   * it gives up, by the call's deadline at the latest. A stuck job's servers are listed `Adding` or
   * `Removing` meanwhile: the model lands the change at once (pending, draining) and only the answer waits.
   * A failed job applies nothing (its brief `Adding` listing is not modelled).
   */
  const jobEnds = (
    context: CallContext,
    f: ApplyFault,
    id: string,
    step: 'register' | 'deregister',
    code: 'JobFailed' | 'JobTimeout',
  ) =>
    new Promise<void>((_resolve, reject) => {
      const gaveUpAtMs = Math.min(
        scheduler.now() + 2 * f.latencyMs + (f.landAfterMs ?? 0),
        context.deadlineMs,
      );
      const fail = () => reject(new PoolApiError(id, step, code, `injected by the chaos campaign`));
      scheduler.at(gaveUpAtMs, fail);
      context.abortSignal?.addEventListener('abort', fail, { once: true });
    });

  const ipPool = buildPool<BackendAddress>(
    backendKey,
    (m) => m.ip,
    (added) => {
      const outside = added.filter((m) => !allowed(m.ip));
      if (outside.length > 0) return `added ${outside.map(backendKey).join(', ')}, outside ${ALLOWED_CIDR}`;
      if (added.length > MAX_BACKENDS) return `added ${added.length} members at once, max ${MAX_BACKENDS}`;
      return added.some((m) => m.port !== PORT) ? `added a member on another port than ${PORT}` : undefined;
    },
  );
  const relayPool = buildPool<RelayAddress>(
    relayKey,
    (m) => m.serverId,
    (added) => {
      const foreign = added.filter((m) => !(RELAYS as readonly string[]).includes(m.serverId));
      return foreign.length > 0
        ? `added ${foreign.map(relayKey).join(', ')}, not a configured relay`
        : undefined;
    },
  );
  const pool = isRelay ? relayPool : ipPool;
  if (isRelay) {
    relayPool.seed(
      RELAYS.slice(0, e.activeRelays).map((serverId) => ({ serverId, port: PORT, weight: 100 })),
    );
  } else {
    ipPool.seed([{ ip: IPS.A as string, port: PORT }]);
  }
  const leaseStore = createMemoryLeaseStore();
  const config = configFor(e);
  const platform = e.kind === 'aws-elbv2' ? 'aws' : 'alicloud';

  const start = (spec: {
    runId: string;
    answer: (atMs: number) => Resolution;
    trigger: Trigger;
    deadlineInMs: number;
    abortAtDeadline: boolean;
    kill?: KillPoint;
  }): RunHandle => {
    const clock = scheduler.clockFor();
    const kill = killSwitch(spec.kill, () => clock.kill());
    const deadlineMs = scheduler.now() + spec.deadlineInMs;
    let abortSignal: AbortSignal | undefined;
    if (spec.abortAtDeadline) {
      const controller = new AbortController();
      scheduler.at(deadlineMs, () => controller.abort());
      abortSignal = controller.signal;
    }
    const deps: ReconcileDeps = {
      config,
      platform,
      resolve: async () => spec.answer(clock.now() - t0),
      poolFor: () => kill.pool(faulty(ipPool.clientFor(spec.runId), spec.runId, backendKey)),
      relayGroupFor: () => kill.pool(faulty(relayPool.clientFor(spec.runId), spec.runId, relayKey)),
      alert: async () => [],
      clock,
      log: createLogger({ write: () => undefined }),
      deadlineMs,
      ...(abortSignal ? { abortSignal } : {}),
      leaseStore: kill.store(leaseStore),
      runId: spec.runId,
    };
    return { runId: spec.runId, deadlineMs, report: reconcile(spec.trigger, deps), kill };
  };

  return {
    scheduler,
    t0,
    pool,
    isRelay,
    start,
    calls,
    injected,
    setAlive: (machine: string, alive: boolean) => pool.setAlive(IPS[machine] ?? machine, alive),
    stopFaults: () => {
      faultsOn = false;
    },
  };
}

export type ChaosWorld = ReturnType<typeof chaosWorld>;

function describeChange<A>(change: Change<A>, key: (m: A) => string): string {
  const list = (members: readonly A[]) => members.map(key).join(',');
  switch (change.kind) {
    case 'add':
      return `add ${list(change.add)}`;
    case 'remove':
      return `remove ${list(change.remove)}`;
    case 'replace':
      return `replace ${list(change.remove)} -> ${list(change.add)}`;
  }
}
