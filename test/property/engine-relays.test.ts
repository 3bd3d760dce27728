import { parseConfig } from '../../shared/config/load';
import { relayKey } from '../../shared/core/keys';
import type { RelayAddress } from '../../shared/core/relay-plan';
import type { Report } from '../../shared/core/report';
import { LATE_LANDING_MARGIN_MS } from '../../shared/lease/lease';
import { createMemoryLeaseStore } from '../../shared/lease/memory-store';
import { createLogger } from '../../shared/log/logger';
import { reconcile } from '../../shared/reconcile';
import type { ReconcileDeps } from '../../shared/reconcile';
import { callPlanArb } from '../model/ip-scenario';
import { CLEAN_CALL, modelPool } from '../model/model-pool';
import type { CallPlan } from '../model/model-pool';
import { createScheduler } from '../model/scheduler';
import { fc, fcParams } from './fc-params';

const RELAYS = ['i-relay1', 'i-relay2', 'i-relay3'] as const;
const FOREIGN = 'i-foreign';
const PORT = 3306;
const MAX_LAG_MS = 4000;

interface RelayScenario {
  readonly activeRelays: number;
  readonly withForeign: boolean;
  readonly checkDelayMs: readonly number[];
  readonly relays: readonly { readonly atMs: number; readonly relay: number; readonly alive: boolean }[];
  readonly runs: readonly { readonly startAtMs: number; readonly deadlineInMs: number }[];
  readonly plans: { readonly describe: readonly CallPlan[]; readonly apply: readonly CallPlan[] };
  readonly lagMs: number;
}

const scenarioArb: fc.Arbitrary<RelayScenario> = fc.record({
  activeRelays: fc.integer({ min: 1, max: 2 }),
  withForeign: fc.boolean(),
  checkDelayMs: fc.array(fc.integer({ min: 0, max: 15_000 }), { minLength: 3, maxLength: 3 }),
  relays: fc.array(
    fc.record({
      atMs: fc.integer({ min: 0, max: 120_000 }),
      relay: fc.integer({ min: 0, max: 2 }),
      alive: fc.boolean(),
    }),
    { maxLength: 4 },
  ),
  runs: fc.array(
    fc.record({
      startAtMs: fc.integer({ min: 0, max: 60_000 }),
      deadlineInMs: fc.integer({ min: 20_000, max: 120_000 }),
    }),
    { minLength: 2, maxLength: 5 },
  ),
  plans: fc.record({
    describe: fc.array(callPlanArb, { maxLength: 30 }),
    apply: fc.array(callPlanArb, { maxLength: 8 }),
  }),
  lagMs: fc.integer({ min: 0, max: MAX_LAG_MS }),
});

/** One CLB VServer group on the model (an atomic replace, no draining), runs of the real `reconcile()`. */
function relayWorld(scenario: RelayScenario) {
  const scheduler = createScheduler();
  const next = { describe: 0, apply: 0 };
  let faultsOn = true;
  const group = modelPool<RelayAddress>({
    scheduler,
    id: 'alicloud-clb rsp-lab0001',
    flavour: 'relay',
    key: relayKey,
    instanceOf: (m) => m.serverId,
    drainMs: 0,
    checkDelayMs: (id) => scenario.checkDelayMs[RELAYS.indexOf(id as (typeof RELAYS)[number])] ?? 0,
    plans: (call) => {
      const scripted = faultsOn ? scenario.plans[call][next[call]] : undefined;
      next[call] += 1;
      return scripted ?? { ...CLEAN_CALL, latencyMs: 50, lagMs: scenario.lagMs };
    },
    landingMarginMs: LATE_LANDING_MARGIN_MS,
    lateLandings: false,
    maxLagMs: MAX_LAG_MS,
    checkAdd: (added) =>
      added.some((m) => !(RELAYS as readonly string[]).includes(m.serverId) || m.port !== PORT)
        ? `added ${added.map(relayKey).join(', ')}: not a configured relay`
        : undefined,
  });
  group.seed([
    { serverId: 'i-relay1', port: PORT, weight: 100 },
    ...(scenario.withForeign ? [{ serverId: FOREIGN, port: PORT, weight: 100 }] : []),
  ]);
  const config = parseConfig(
    `bindings:
  - name: billing
    endpoint: rm-bp15gq963ic327h8f.mysql.rds.aliyuncs.com:${PORT}
    source: { alicloud: { instance: rm-bp15gq963ic327h8f } }
    pools:
      - alicloud-clb:
          region: cn-hangzhou
          loadBalancerId: lb-lab0001
          vServerGroupId: rsp-lab0001
          listenerPort: ${PORT}
          port: ${PORT}
          relays: [${RELAYS.join(', ')}]
          activeRelays: ${scenario.activeRelays}
    policy: { healthTimeoutSeconds: 30, healthPollMs: 1000 }
`,
    'model.yml',
  );
  const leaseStore = createMemoryLeaseStore();
  const start = (runId: string, deadlineInMs: number): Promise<Report> => {
    const clock = scheduler.clockFor();
    const deps: ReconcileDeps = {
      config,
      platform: 'alicloud',
      resolve: async () => ({ ok: true, addresses: ['10.1.0.5'], ttlSeconds: 5, chain: [], server: 'test' }),
      poolFor: () => {
        throw new Error('no IP pool here');
      },
      relayGroupFor: () => group.clientFor(runId),
      alert: async () => [],
      clock,
      log: createLogger({ write: () => undefined }),
      deadlineMs: scheduler.now() + deadlineInMs,
      leaseStore,
      runId,
    };
    return reconcile({ kind: 'schedule' }, deps);
  };
  return { scheduler, group, start, stopFaults: () => (faultsOn = false) };
}

async function playRelays(scenario: RelayScenario) {
  const world = relayWorld(scenario);
  const { scheduler } = world;
  const t0 = scheduler.now();
  for (const r of scenario.relays) {
    scheduler.at(t0 + r.atMs, () => world.group.setAlive(RELAYS[r.relay] as string, r.alive));
  }
  const reports = Promise.all(
    scenario.runs.map(
      (run, i) =>
        new Promise<Report>((resolve, reject) =>
          scheduler.at(t0 + run.startAtMs, () =>
            world.start(`run-${i + 1}`, run.deadlineInMs).then(resolve, reject),
          ),
        ),
    ),
  );
  await scheduler.drive(reports);
  const last = Math.max(
    ...scenario.runs.map((r) => r.startAtMs + r.deadlineInMs),
    ...scenario.relays.map((r) => r.atMs),
  );
  await scheduler.advanceTo(t0 + last + LATE_LANDING_MARGIN_MS + 1000);
  return { world, t0 };
}

const story = (world: ReturnType<typeof relayWorld>, t0: number) =>
  world.group.landings
    .map(
      (l) =>
        `${l.atMs - t0}ms ${l.actor}: ${l.what} -> [${l.membersAfter.join(' ')}] healthy [${l.healthyAfter.join(' ')}]`,
    )
    .join('\n');

describe('the engine against a model CLB relay group: concurrent runs, relays dying, faults, lag', () => {
  it('never empties the group, never swaps out its last healthy relay, never touches a foreign member', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const { world, t0 } = await playRelays(scenario);
        const told = `\n${story(world, t0)}`;
        expect({ violations: world.group.violations, told }).toEqual({ violations: [], told });
        const foreignRemoved = world.group
          .ourLandings()
          .filter((l) => l.what.includes(`${FOREIGN}:${PORT}`) && !l.what.startsWith('add'));
        expect(foreignRemoved).toEqual([]);
      }),
      fcParams(40),
    );
  });

  it('converges once faults stop and every relay is up: active relays healthy, then no change', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const { world, t0 } = await playRelays(scenario);
        world.stopFaults();
        for (const relay of RELAYS) world.group.setAlive(relay, true);
        const first = await world.scheduler.drive(world.start('clean-1', 600_000));
        const landed = world.group.landings.length;
        const second = await world.scheduler.drive(world.start('clean-2', 600_000));
        const told = `\n${story(world, t0)}\nclean-1: ${first.bindings[0]?.pools[0]?.reason}`;
        const configured = world.group.live().filter((k) => !k.startsWith(FOREIGN));
        expect({ configured: configured.length >= scenario.activeRelays, told }).toEqual({
          configured: true,
          told,
        });
        expect(world.group.healthy().filter((k) => !k.startsWith(FOREIGN)).length).toBeGreaterThanOrEqual(
          scenario.activeRelays,
        );
        expect(['swapped', 'in-sync', 'drift']).toContain(first.bindings[0]?.pools[0]?.outcome);
        expect(second.bindings[0]?.pools[0]?.outcome).toBe(scenario.withForeign ? 'drift' : 'in-sync');
        expect(world.group.landings.length).toBe(landed);
      }),
      fcParams(30),
    );
  });
});
