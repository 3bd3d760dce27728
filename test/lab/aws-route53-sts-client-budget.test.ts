import { ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { Route53Emulator } from '../../lab/aws/route53-emulator';
import { startRoute53Server } from '../../lab/aws/rest-xml-server';
import { startQueryServer } from '../../lab/aws/server';
import { StsEmulator } from '../../lab/aws/sts-emulator';
import type { LabHttpServer } from '../../lab/listen';
import { createApiBudget } from '../../shared/platform/api-budget';
import type { ApiBudget } from '../../shared/platform/api-budget';
import { createRoute53Client } from '../../shared/platform/aws-route53-support';
import { createStsClient } from '../../shared/platform/aws-sts-support';
import { virtualClock } from '../support/virtual-clock';

const T0 = 1_767_225_600_000;
const ENV = { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIDLAB', AWS_SECRET_ACCESS_KEY: 'lab-secret' };
const OTHER_ACCOUNT = '210987654321';

let servers: LabHttpServer[] = [];
let saved: Record<string, string | undefined> = {};

function useEnv(env: Record<string, string>): void {
  saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
}

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) Reflect.deleteProperty(process.env, key);
    else process.env[key] = value;
  }
});

/** The real budget, with the buckets each call drew on written down. */
function recordingBudget(budget: ApiBudget): ApiBudget & { readonly drawn: string[] } {
  const drawn: string[] = [];
  return {
    drawn,
    acquire: (family, region, options) => {
      drawn.push(`${family} ${region} ${options?.account ?? 'own'}`);
      return budget.acquire(family, region, options);
    },
    stats: () => budget.stats(),
  };
}

describe('the Route 53 client paced by the API budget', () => {
  it("waits for the account's Route 53 tokens: 4 at once, then one every 211 ms; another account's client has its own bucket", async () => {
    // Arrange: the real client bucket (5 a second documented, 90% of the burst and 95% of the rate: 4
    // tokens, 4.75 a second), on a virtual clock that the emulator reads too, so its call times are the
    // times the budget let the calls go.
    const clock = virtualClock(T0);
    const emulator = new Route53Emulator({ now: () => clock.now() });
    const zone = emulator.createHostedZone('db.internal');
    emulator.seed(zone, { name: 'orders.db.internal', type: 'A', ttl: 5, values: ['10.20.1.10'] });
    const server = await startRoute53Server(emulator);
    servers.push(server);
    useEnv({ ...ENV, AWS_ENDPOINT_URL_ROUTE_53: server.url });
    const budget = recordingBudget(createApiBudget({ clock }));
    const own = createRoute53Client(budget);
    // The lab's Route 53 serves the zone to the lab's keys; what this client changes is the bucket it
    // draws on, as a client holding a role of OTHER_ACCOUNT does.
    const other = createRoute53Client(budget, { account: OTHER_ACCOUNT });
    const list = (client: typeof own) =>
      client.send(
        new ListResourceRecordSetsCommand({ HostedZoneId: zone, StartRecordName: 'orders.db.internal' }),
      );
    // Act
    for (let i = 0; i < 6; i += 1) await list(own);
    await list(other);
    await list(own);
    own.destroy();
    other.destroy();
    // Assess: 4 tokens in hand; then 1000 / 4.75 = 210.5 ms, rounded up, per token. The 8th call (own
    // account again) finds 0.0045 token left over from the rounding: 209.6 ms, rounded up to 210.
    expect(emulator.calls.map((c) => [c.operation, c.at - T0])).toEqual([
      ['ListResourceRecordSets', 0],
      ['ListResourceRecordSets', 0],
      ['ListResourceRecordSets', 0],
      ['ListResourceRecordSets', 0],
      ['ListResourceRecordSets', 211],
      ['ListResourceRecordSets', 422],
      ['ListResourceRecordSets', 422],
      ['ListResourceRecordSets', 632],
    ]);
    expect(budget.drawn).toEqual([
      ...Array<string>(6).fill('route53:api global own'),
      `route53:api global ${OTHER_ACCOUNT}`,
      'route53:api global own',
    ]);
    expect(budget.stats()).toEqual({ calls: 8, paced: 3, waitedMs: 211 + 211 + 210 });
  });
});

describe('the STS client paced by the API budget', () => {
  it("draws every AssumeRole from the function's own account in its region, whichever account the role is in", async () => {
    // Arrange: a bucket of 1 token, 1 a second, so that the second AssumeRole waits a whole second.
    const clock = virtualClock(T0);
    const sts = new StsEmulator({ now: () => clock.now() });
    const roleArn = `arn:aws:iam::${OTHER_ACCOUNT}:role/rds-failover-sync-pools`;
    sts.trust({ roleArn });
    const server = await startQueryServer(sts);
    servers.push(server);
    useEnv({ ...ENV, AWS_ENDPOINT_URL_STS: server.url });
    const budget = recordingBudget(
      createApiBudget({ clock, bucketOf: () => ({ capacity: 1, refillPerSecond: 1 }) }),
    );
    const client = createStsClient(budget);
    const assume = () =>
      client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'lab', DurationSeconds: 900 }));
    // Act
    await assume();
    const afterFirstMs = clock.now() - T0;
    await assume();
    const afterSecondMs = clock.now() - T0;
    client.destroy();
    // Assess
    expect(sts.calls.map((c) => c.action)).toEqual(['AssumeRole', 'AssumeRole']);
    expect(budget.drawn).toEqual(['sts:api eu-west-1 own', 'sts:api eu-west-1 own']);
    expect([afterFirstMs, afterSecondMs]).toEqual([0, 1000]);
    expect(budget.stats()).toEqual({ calls: 2, paced: 1, waitedMs: 1000 });
  });
});
