import { parseConfig } from '../../shared/config/load';
import { createMemoryLeaseStore } from '../../shared/lease/memory-store';
import { createLogger } from '../../shared/log/logger';
import { reconcile } from '../../shared/reconcile';
import type { ReconcileDeps } from '../../shared/reconcile';
import { fakeRelayGroup } from '../support/fake-relay-group';
import { virtualClock } from '../support/virtual-clock';

const config = parseConfig(
  `bindings:
  - name: billing
    endpoint: rm-bp15gq963ic327h8f.mysql.rds.aliyuncs.com:3306
    source: { alicloud: { instance: rm-bp15gq963ic327h8f } }
    pools:
      - alicloud-clb:
          region: cn-hangzhou
          loadBalancerId: lb-lab0001
          vServerGroupId: rsp-lab0001
          listenerPort: 3306
          port: 3306
          relays: [i-primary, i-standby]
    policy: { healthTimeoutSeconds: 60, healthPollMs: 1000 }
`,
  'test.yml',
);

function world() {
  const clock = virtualClock();
  const relays = fakeRelayGroup(clock, { checkAfterMs: 4000 });
  const alerts: string[] = [];
  const deps: ReconcileDeps = {
    config,
    platform: 'alicloud',
    resolve: async () => ({ ok: true, addresses: ['10.1.0.5'], ttlSeconds: 5, chain: [], server: 'test' }),
    poolFor: () => {
      throw new Error('no IP pools here');
    },
    relayGroupFor: () => relays.group,
    alert: async (message) => {
      alerts.push(message.subject);
      return [];
    },
    clock,
    log: createLogger({ write: () => undefined }),
    deadlineMs: clock.now() + 600_000,
    leaseStore: createMemoryLeaseStore(),
    runId: 'run-1',
    // Shorter than the 4 s health check, so the wait measured is the check's, not the window's.
    consistencyMs: 1000,
  };
  return { deps, relays, alerts };
}

const schedule = { kind: 'schedule' } as const;

describe('relay groups (Alibaba CLB) through the loop', () => {
  it('swaps a failing relay for the standby in one call and waits for its health check', async () => {
    // Prepare
    const { deps, relays, alerts } = world();
    relays.seed('i-primary');
    relays.setHealth('i-primary', 'abnormal');
    // Act
    const report = await reconcile(schedule, deps);
    // Assess
    expect(relays.changes).toEqual(['replace i-primary -> i-standby']);
    expect(relays.members()).toEqual(['i-standby']);
    const pool = report.bindings[0]?.pools[0];
    expect(pool?.outcome).toBe('swapped');
    expect(pool?.actions.map((a) => [a.action, a.targets.join(' '), a.durationMs, a.result])).toEqual([
      ['replace', 'i-standby:3306', 0, 'swapped out i-primary:3306 (failing)'],
      ['wait-healthy', 'i-standby:3306', 4000, 'healthy'],
    ]);
    expect(alerts).toEqual(['rds-failover-sync: billing swapped to i-standby (was i-primary)']);
  });

  it('fails loudly, keeping the group, when the standby fails too', async () => {
    const { deps, relays } = world();
    relays.seed('i-primary');
    relays.setHealth('i-primary', 'abnormal');
    relays.setHealth('i-standby', 'abnormal');
    const report = await reconcile(schedule, deps);
    expect(relays.changes).toEqual(['replace i-primary -> i-standby']);
    expect(relays.members()).toEqual(['i-standby']);
    expect(report.bindings[0]?.outcome).toBe('failed');
    expect(report.bindings[0]?.pools[0]?.reason).toBe('i-standby:3306 failing and no spare relay left');
  });

  it('reports a backend nobody configured as drift and leaves it alone', async () => {
    const { deps, relays } = world();
    relays.seed('i-primary');
    relays.seed('i-stranger');
    const report = await reconcile(schedule, deps);
    expect(relays.changes).toEqual([]);
    expect(report.bindings[0]?.outcome).toBe('drift');
    expect(report.bindings[0]?.pools[0]?.reason).toBe('not configured as relays: i-stranger:3306');
  });

  it('dry run changes nothing and records the same steps apply takes', async () => {
    const { deps, relays, alerts } = world();
    relays.seed('i-primary');
    relays.setHealth('i-primary', 'abnormal');
    const dry = await reconcile({ kind: 'manual', dryRun: true }, deps);
    expect(relays.changes).toEqual([]);
    expect(alerts).toEqual([]);
    const applied = await reconcile(schedule, deps);
    const steps = (r: typeof dry) =>
      r.bindings[0]?.pools[0]?.actions.map((a) => `${a.action} ${a.targets.join(' ')}`);
    expect(steps(dry)).toEqual(['replace i-standby:3306', 'wait-healthy i-standby:3306']);
    expect(steps(applied)).toEqual(steps(dry));
    expect(dry.bindings[0]?.outcome).toBe('drift');
  });

  it('is taken only by the Alibaba functions: the AWS ones skip it and say why', async () => {
    const { deps } = world();
    const report = await reconcile(schedule, { ...deps, platform: 'aws' });
    expect(report.bindings).toEqual([]);
    expect(report.skipped).toEqual([{ binding: 'billing', reason: 'its pools live on alicloud, not aws' }]);
  });
});
