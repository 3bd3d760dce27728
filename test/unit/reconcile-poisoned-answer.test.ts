import { reconcile } from '../../shared/reconcile';
import type { Trigger } from '../../shared/events/types';
import { fakeRuntime, resolvedTo, TOPIC } from '../support/fake-runtime';

const clusterFailover: Trigger = {
  kind: 'rds-event',
  via: 'eventbridge',
  events: [
    {
      eventId: 'RDS-EVENT-0071',
      sourceType: 'cluster',
      sourceId: 'orders',
      message: 'Completed failover',
      settles: true,
    },
  ],
};
const schedule: Trigger = { kind: 'schedule' };

/** DNS during a failover: the old primary, then a poisoned answer, then the new primary. */
const poisonedThenValid = (poison: string[]) => (elapsedMs: number) =>
  elapsedMs < 1500
    ? resolvedTo('10.0.1.10')
    : elapsedMs < 4500
      ? resolvedTo(...poison)
      : resolvedTo('10.0.1.20');

describe('a refused answer inside a settle window', () => {
  it.each([
    [
      'outside the allowed CIDRs',
      ['203.0.113.50'],
      'rds-failover-sync: orders REFUSED DNS ANSWER: outside-allowed-cidrs, still waiting',
      { reason: 'outside-allowed-cidrs', detail: '203.0.113.50 outside the allowed CIDRs 10.0.0.0/16' },
    ],
    [
      'too many addresses',
      ['10.0.1.31', '10.0.1.32', '10.0.1.33'],
      'rds-failover-sync: orders REFUSED DNS ANSWER: too-many-addresses, still waiting',
      { reason: 'too-many-addresses', detail: '3 addresses resolved, at most 2 allowed' },
    ],
  ])(
    '%s: is alerted once, at once, and the valid answer after it is swapped to in the same run',
    async (_, poison, subject, first) => {
      // Prepare: polls at 0, 1, 2, 3, 4, 5 s; 2, 3 and 4 s get the poisoned answer
      const world = fakeRuntime({ answer: poisonedThenValid(poison), healthyAfterMs: 2000 });
      world.pool.seed('10.0.1.10');
      // Act
      const report = await reconcile(clusterFailover, world.deps);
      // Assess
      const [binding] = report.bindings;
      expect(binding?.outcome).toBe('swapped');
      expect(world.pool.changes()).toEqual(['register 10.0.1.20:5432', 'deregister 10.0.1.10:5432']);
      expect(binding?.settle).toEqual({
        waitedMs: 5000,
        polls: 6,
        changed: true,
        refused: { polls: 3, first, addresses: poison },
      });
      // The security alert first, sent during the window, then the swap's
      expect(world.alerts.map((a) => a.message.subject)).toEqual([
        subject,
        'rds-failover-sync: orders swapped to 10.0.1.20 (was 10.0.1.10)',
      ]);
      expect(binding?.alerts).toEqual({ sent: [TOPIC, TOPIC], failed: [] });
      expect(world.pool.changes()).not.toContain(`register ${poison[0]}:5432`);
    },
  );

  it('ends refused when the window closes on the poisoned answer: the security alert, then the refusal', async () => {
    // Prepare
    const world = fakeRuntime({ answer: () => resolvedTo('203.0.113.50'), deadlineInMs: 60_000 });
    world.pool.seed('10.0.1.10');
    // Act
    const report = await reconcile(clusterFailover, world.deps);
    // Assess
    const [binding] = report.bindings;
    expect(binding?.outcome).toBe('refused');
    expect(world.pool.changes()).toEqual([]);
    expect(binding?.settle?.changed).toBe(false);
    expect(binding?.settle?.refused?.first.reason).toBe('outside-allowed-cidrs');
    expect(world.alerts.map((a) => a.message.subject)).toEqual([
      'rds-failover-sync: orders REFUSED DNS ANSWER: outside-allowed-cidrs, still waiting',
      'rds-failover-sync: orders REFUSED: outside-allowed-cidrs',
    ]);
  });

  it('outside a settle window stays a refusal, alerted once', async () => {
    // Prepare
    const world = fakeRuntime({ answer: poisonedThenValid(['203.0.113.50']) });
    world.pool.seed('10.0.1.10');
    world.clock.advance(2000);
    // Act
    const report = await reconcile(schedule, world.deps);
    // Assess
    expect(report.bindings[0]?.outcome).toBe('refused');
    expect(report.bindings[0]?.settle).toBeUndefined();
    expect(world.pool.changes()).toEqual([]);
    expect(world.alerts.map((a) => a.message.subject)).toEqual([
      'rds-failover-sync: orders REFUSED: outside-allowed-cidrs',
    ]);
  });
});
