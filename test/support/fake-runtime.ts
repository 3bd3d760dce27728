import type { AlertMessage } from '../../shared/alert/message';
import type { AlertSink } from '../../shared/alert/sink';
import { parseConfig } from '../../shared/config/load';
import type { Resolution } from '../../shared/core/resolution';
import { createMemoryLeaseStore } from '../../shared/lease/memory-store';
import { createLogger } from '../../shared/log/logger';
import type { LogRecord } from '../../shared/log/logger';
import type { ReconcileDeps } from '../../shared/reconcile';
import { fakePool } from './fake-pool';
import { virtualClock } from './virtual-clock';

export const TARGET_GROUP =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders/0123456789abcdef';
export const TOPIC = 'arn:aws:sns:us-east-1:123456789012:db-failover';

/** One binding, `orders`, on cluster `orders`, with the given policy lines (YAML, indented 6). */
export function ordersConfig(extra = '') {
  return parseConfig(
    `bindings:
  - name: orders
    endpoint: orders.cluster-abc.us-east-1.rds.amazonaws.com:5432
    source: { aws: { cluster: orders } }
    pools: [{ aws-elbv2: { targetGroupArn: "${TARGET_GROUP}" } }]
    allowedCidrs: [10.0.0.0/16]
    maxBackends: 2
    alert: { sns: "${TOPIC}" }
    policy:
      settlePollMs: 1000
      healthPollMs: 1000
${extra}`,
    'test.yml',
  );
}

export const resolvedTo = (...addresses: string[]): Resolution => ({
  ok: true,
  addresses,
  ttlSeconds: 5,
  chain: ['orders.cluster-abc.us-east-1.rds.amazonaws.com'],
  server: '10.0.0.2',
});

/**
 * The loop's dependencies with a fake pool, a scripted resolver, a virtual clock and captured alerts
 * and logs. `answer(nowMs)` decides what DNS says at each moment.
 */
export function fakeRuntime(options: {
  config?: ReturnType<typeof ordersConfig>;
  answer: (elapsedMs: number) => Resolution;
  healthyAfterMs?: number;
  neverHealthy?: string[];
  deadlineInMs?: number;
  alertFails?: boolean;
}) {
  const clock = virtualClock();
  const startMs = clock.now();
  const pool = fakePool(clock, {
    ...(options.healthyAfterMs !== undefined ? { healthyAfterMs: options.healthyAfterMs } : {}),
    ...(options.neverHealthy ? { neverHealthy: options.neverHealthy } : {}),
  });
  const alerts: { message: AlertMessage; binding: string }[] = [];
  const logs: LogRecord[] = [];
  const resolutions: number[] = [];
  const alert: AlertSink = async (message, binding) => {
    alerts.push({ message, binding: binding.name });
    return binding.alert.sns.map((target) =>
      options.alertFails
        ? { target, ok: false, error: 'ThrottlingException: Rate exceeded' }
        : { target, ok: true },
    );
  };
  const deps: ReconcileDeps = {
    config: options.config ?? ordersConfig(),
    platform: 'aws',
    resolve: async () => {
      resolutions.push(clock.now() - startMs);
      return options.answer(clock.now() - startMs);
    },
    poolFor: () => pool.pool,
    relayGroupFor: () => {
      throw new Error('no relay groups in these tests');
    },
    alert,
    clock,
    log: createLogger({ write: () => undefined, observe: (r) => logs.push(r), now: clock.now }),
    deadlineMs: startMs + (options.deadlineInMs ?? 600_000),
    leaseStore: createMemoryLeaseStore(),
    runId: 'run-1',
  };
  return { deps, pool, alerts, logs, clock, resolutions, startMs };
}
