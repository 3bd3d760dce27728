import { labWorld, PRIMARY_IP, STANDBY_IP } from '../support/aws-lab-world';
import type { LabWorld } from '../support/aws-lab-world';
import { ReconcileFailedError } from '../../shared/platform/failed-error';

/**
 * The load balancer lives in 10.0.0.0/16; the database (10.20.1.10 -> 10.20.2.20 across the failover)
 * lives in a peered VPC. The emulator answers as AWS does for targets outside the group's VPC (see
 * lab/aws/elbv2-vpc.ts for the sources).
 */
const LB_VPC = {
  subnets: [
    { cidr: '10.0.1.0/24', zone: 'us-east-1a' },
    { cidr: '10.0.2.0/24', zone: 'us-east-1b' },
  ],
};

let world: LabWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const targetsSent = (w: LabWorld, action: string) =>
  w.lab.elbv2.calls
    .filter((c) => c.action === action)
    .map((c) =>
      Object.entries(c.params)
        .filter(([name]) => name.startsWith('Targets.'))
        .map(([name, value]) => `${name}=${value}`)
        .join(' '),
    );

describe('AWS path: a database in a peered VPC (availabilityZone: all)', () => {
  it('swaps, registering and deregistering with the zone all', async () => {
    // Prepare
    world = await labWorld({ name: 'orders', vpc: LB_VPC, availabilityZone: 'all' });
    world.lab.dns.setA(world.endpoint, [STANDBY_IP]);

    // Act
    const report = await world.invoke('aws-sns-cluster-failover.json', ['rds-event']);

    // Assess
    expect(report.outcomes).toEqual({ swapped: 1 });
    expect(world.targets()).toEqual([`${PRIMARY_IP}:5432 draining`, `${STANDBY_IP}:5432 healthy`]);
    expect(targetsSent(world, 'RegisterTargets')).toEqual([
      `Targets.member.1.Id=${STANDBY_IP} Targets.member.1.Port=5432 Targets.member.1.AvailabilityZone=all`,
    ]);
    // Without the zone, AWS refuses this call and the old primary stays in the group.
    expect(targetsSent(world, 'DeregisterTargets')).toEqual([
      `Targets.member.1.Id=${PRIMARY_IP} Targets.member.1.Port=5432 Targets.member.1.AvailabilityZone=all`,
    ]);
  });

  it('fails loudly, keeping the old target, when the binding forgets availabilityZone', async () => {
    // Prepare: the primary was registered by hand with `all`; the binding names no zone
    world = await labWorld({ name: 'orders', vpc: LB_VPC, primaryZone: 'all' });
    world.lab.dns.setA(world.endpoint, [STANDBY_IP]);

    // Act
    const error = await world.invoke('aws-sns-cluster-failover.json', ['rds-event']).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ReconcileFailedError);
    const report = (error as ReconcileFailedError).report;
    expect(report.outcomes).toEqual({ failed: 1 });
    expect(JSON.stringify(report.bindings[0])).toContain(
      `You must specify a valid Availability Zone or select 'all' for all enabled Availability zones, since the IP address '${STANDBY_IP}' is outside the VPC`,
    );
    expect(world.targets()).toEqual([`${PRIMARY_IP}:5432 healthy`]);
  });
});
