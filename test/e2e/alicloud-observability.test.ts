import { alicloudWorld, ENDPOINT, STANDBY_IP } from '../support/alicloud-lab-world';
import type { AlicloudWorld } from '../support/alicloud-lab-world';

let world: AlicloudWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('Function Compute logs, over the wire', () => {
  it("puts FC's request id and the CloudEvents id on every line, and writes the figures as a plain JSON line", async () => {
    // Prepare: DNS already answers the standby; the NLB holds the primary.
    world = await alicloudWorld();
    world.lab.dns.setA(ENDPOINT, [STANDBY_IP]);
    // Act
    await world.invoke('alicloud-eventbridge-ha-switch.json', ['rds-event']);
    // Assess
    const ids = new Set(world.records.map((r) => `${String(r.requestId)} ${String(r.eventId)}`));
    expect([...ids]).toEqual(['lab-request 45ef4dewdwe1-7c35-447a-bd93-fab****']);
    const metrics = world.records.filter((r) => r.message === 'metrics');
    expect(
      metrics.map(({ time: _time, TimeToConsistentMs, DnsLagMs, ...rest }) => ({
        ...rest,
        timed: [typeof TimeToConsistentMs, typeof DnsLagMs],
      })),
    ).toEqual([
      {
        level: 'info',
        message: 'metrics',
        requestId: 'lab-request',
        eventId: '45ef4dewdwe1-7c35-447a-bd93-fab****',
        Service: 'rds-failover-sync',
        Function: 'rds-event',
        Binding: 'billing',
        Swaps: 1,
        Drift: 0,
        Refusals: 0,
        Failures: 0,
        Busy: 0,
        // Real time on the lab: measured, so present, not a fixed value.
        timed: ['number', 'number'],
      },
    ]);
    // No embedded metric format directive: Simple Log Service has no use for it.
    expect(metrics[0]?._aws).toBeUndefined();
  });
});
