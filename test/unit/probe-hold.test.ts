import { reconcile } from '../../shared/reconcile';
import type { Trigger } from '../../shared/events/types';
import type { AddressProber } from '../../shared/probe/admission';
import type { ProbeOptions } from '../../shared/probe/probe-address';
import { backendKey } from '../../shared/core/keys';
import { fakeRuntime, ordersConfig, resolvedTo } from '../support/fake-runtime';

const schedule: Trigger = { kind: 'schedule' };

/** A prober that answers from a table by address, and remembers what it was asked. */
function scriptedProber(refused: readonly string[]) {
  const asked: { target: string; options: Pick<ProbeOptions, 'protocol' | 'timeoutMs'> }[] = [];
  const prober: AddressProber = async (address, options) => {
    const target = backendKey(address);
    asked.push({ target, options: { protocol: options.protocol, timeoutMs: options.timeoutMs } });
    return refused.includes(address.ip)
      ? { ok: false, target, protocol: options.protocol, failure: 'refused', summary: 'connection refused' }
      : { ok: true, target, protocol: options.protocol, summary: "answered SSLRequest with 'N'" };
  };
  return { prober, asked };
}

const withProbe = (probe: string) => ordersConfig(`    probe: ${probe}`);

describe('the probe before a new address is registered', () => {
  it('probes the address, records what it answered, then swaps as usual', async () => {
    // Prepare
    const world = fakeRuntime({ config: withProbe('postgres'), answer: () => resolvedTo('10.0.1.20') });
    world.pool.seed('10.0.1.10');
    const { prober, asked } = scriptedProber([]);
    // Act
    const report = await reconcile(schedule, { ...world.deps, admission: { probe: prober } });
    // Assess
    expect(asked).toEqual([{ target: '10.0.1.20:5432', options: { protocol: 'postgres', timeoutMs: 3000 } }]);
    expect(world.pool.changes()).toEqual(['register 10.0.1.20:5432', 'deregister 10.0.1.10:5432']);
    expect(report.bindings[0]?.outcome).toBe('swapped');
    expect(report.bindings[0]?.pools[0]?.actions.map((a) => [a.action, a.targets, a.result])).toEqual([
      ['probe', ['10.0.1.20:5432'], "postgres probe passed: 10.0.1.20:5432 answered SSLRequest with 'N'"],
      ['register', ['10.0.1.20:5432'], undefined],
      ['wait-healthy', ['10.0.1.20:5432'], 'healthy'],
      ['deregister', ['10.0.1.10:5432'], 'desired-healthy'],
    ]);
  });

  it('holds the swap when the probe fails: nothing registered, nothing removed, failed and alerted', async () => {
    const world = fakeRuntime({
      config: withProbe('{ protocol: mysql, timeoutMs: 800 }'),
      answer: () => resolvedTo('10.0.1.20'),
    });
    world.pool.seed('10.0.1.10');
    const { prober, asked } = scriptedProber(['10.0.1.20']);
    const report = await reconcile(schedule, { ...world.deps, admission: { probe: prober } });
    expect(asked).toEqual([{ target: '10.0.1.20:5432', options: { protocol: 'mysql', timeoutMs: 800 } }]);
    expect(world.pool.changes()).toEqual([]);
    expect(world.pool.keys()).toEqual(['10.0.1.10:5432']);
    const [binding] = report.bindings;
    expect(binding?.outcome).toBe('failed');
    expect(binding?.pools[0]?.reason).toBe(
      'mysql probe failed, not registered: 10.0.1.20:5432 refused (connection refused)',
    );
    expect(world.alerts.map((a) => a.message.subject)).toEqual([
      'rds-failover-sync: orders FAILED: mysql probe failed, not registered: 10.0.1.20:5432 refused (co...',
    ]);
  });

  it('probes in a dry run too, which shows the hold apply would meet and changes nothing', async () => {
    const world = fakeRuntime({ config: withProbe('tcp'), answer: () => resolvedTo('10.0.1.20') });
    world.pool.seed('10.0.1.10');
    const { prober } = scriptedProber(['10.0.1.20']);
    const report = await reconcile(
      { kind: 'manual', dryRun: true },
      { ...world.deps, admission: { probe: prober } },
    );
    expect(report.bindings[0]?.outcome).toBe('failed');
    expect(report.bindings[0]?.pools[0]?.reason).toBe(
      'tcp probe failed, not registered: 10.0.1.20:5432 refused (connection refused)',
    );
    expect(world.pool.changes()).toEqual([]);
    expect(world.alerts).toEqual([]);
  });

  it('does not probe a binding without a probe, nor a pool already in sync', async () => {
    const unprobed = fakeRuntime({ answer: () => resolvedTo('10.0.1.20') });
    unprobed.pool.seed('10.0.1.10');
    const first = scriptedProber([]);
    await reconcile(schedule, { ...unprobed.deps, admission: { probe: first.prober } });
    expect(first.asked).toEqual([]);
    expect(unprobed.pool.keys()).toEqual(['10.0.1.20:5432']);

    const inSync = fakeRuntime({ config: withProbe('tcp'), answer: () => resolvedTo('10.0.1.10') });
    inSync.pool.seed('10.0.1.10');
    const second = scriptedProber([]);
    const report = await reconcile(schedule, { ...inSync.deps, admission: { probe: second.prober } });
    expect(second.asked).toEqual([]);
    expect(report.bindings[0]?.outcome).toBe('in-sync');
  });
});
