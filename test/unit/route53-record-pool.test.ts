import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { createRoute53RecordPool } from '../../shared/backends/aws-route53/record-pool';
import { PoolApiError } from '../../shared/backends/errors';
import type { Route53RecordPoolConfig } from '../../shared/core/config-types';
import { assumedRoleCredentials } from '../../shared/platform/assumed-role';
import { virtualClock } from '../support/virtual-clock';

const CONFIG: Route53RecordPoolConfig = {
  kind: 'aws-route53-record',
  hostedZoneId: 'Z0123456789ABC',
  recordName: 'orders.db.internal.',
  ttlSeconds: 5,
  onForeignRecord: 'report',
};
const SUBMITTED = new Date('2026-11-21T12:00:00Z');

describe('Route 53 record pool', () => {
  const route53 = mockClient(Route53Client);
  beforeEach(() => route53.reset());

  it('describes the record sets at the name, following pages that still start at it', async () => {
    // Prepare: a weighted pair of sets spans two pages; the next name ends the listing
    route53
      .on(ListResourceRecordSetsCommand, { StartRecordName: 'orders.db.internal.', MaxItems: 20 })
      .resolves({
        ResourceRecordSets: [
          {
            Name: 'orders.db.internal.',
            Type: 'A',
            SetIdentifier: 'blue',
            Weight: 100,
            TTL: 60,
            ResourceRecords: [{ Value: '10.20.1.10' }],
          },
        ],
        IsTruncated: true,
        NextRecordName: 'orders.db.internal.',
        NextRecordType: 'A',
        NextRecordIdentifier: 'green',
        MaxItems: 20,
      })
      .on(ListResourceRecordSetsCommand, { StartRecordIdentifier: 'green' })
      .resolves({
        ResourceRecordSets: [
          {
            Name: 'orders.db.internal.',
            Type: 'A',
            SetIdentifier: 'green',
            Weight: 0,
            TTL: 60,
            ResourceRecords: [{ Value: '10.20.2.20' }],
          },
          { Name: 'orders.db.internal.', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"team"' }] },
          { Name: 'zz.db.internal.', Type: 'A', TTL: 5, ResourceRecords: [{ Value: '10.20.9.9' }] },
        ],
        IsTruncated: true,
        NextRecordName: 'zzz.db.internal.',
        NextRecordType: 'A',
        MaxItems: 20,
      });
    const pool = createRoute53RecordPool(new Route53Client({}), CONFIG, { clock: virtualClock() });
    // Act
    const members = await pool.describe({ deadlineMs: Number.MAX_SAFE_INTEGER });
    // Assess
    expect(members).toEqual([
      {
        value: '10.20.1.10',
        type: 'A',
        ttlSeconds: 60,
        routing: 'weighted (SetIdentifier blue)',
        health: 'pending',
        state: 'A, TTL 60 s',
      },
      {
        value: '10.20.2.20',
        type: 'A',
        ttlSeconds: 60,
        routing: 'weighted (SetIdentifier green)',
        health: 'pending',
        state: 'A, TTL 60 s',
      },
    ]);
    expect(route53.commandCalls(ListResourceRecordSetsCommand).map((c) => c.args[0].input)).toEqual([
      { HostedZoneId: 'Z0123456789ABC', StartRecordName: 'orders.db.internal.', MaxItems: 20 },
      {
        HostedZoneId: 'Z0123456789ABC',
        StartRecordName: 'orders.db.internal.',
        StartRecordType: 'A',
        StartRecordIdentifier: 'green',
        MaxItems: 20,
      },
    ]);
  });

  it('writes the whole value set in one UPSERT, then asks GetChange until INSYNC', async () => {
    // Prepare
    const clock = virtualClock();
    const startMs = clock.now();
    route53.on(ChangeResourceRecordSetsCommand).resolves({
      ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: SUBMITTED },
    });
    route53
      .on(GetChangeCommand)
      .resolvesOnce({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: SUBMITTED } })
      .resolves({ ChangeInfo: { Id: '/change/C1', Status: 'INSYNC', SubmittedAt: SUBMITTED } });
    const pool = createRoute53RecordPool(new Route53Client({}), CONFIG, { clock, changePollMs: 1000 });
    // Act
    await pool.apply(
      {
        kind: 'replace',
        remove: [{ value: '10.20.1.10', type: 'A' }],
        add: [{ value: '10.20.2.20', type: 'A' }],
      },
      { deadlineMs: startMs + 60_000 },
    );
    // Assess
    expect(route53.commandCalls(ChangeResourceRecordSetsCommand).map((c) => c.args[0].input)).toEqual([
      {
        HostedZoneId: 'Z0123456789ABC',
        ChangeBatch: {
          Comment: 'rds-failover-sync: 10.20.2.20',
          Changes: [
            {
              Action: 'UPSERT',
              ResourceRecordSet: {
                Name: 'orders.db.internal.',
                Type: 'A',
                TTL: 5,
                ResourceRecords: [{ Value: '10.20.2.20' }],
              },
            },
          ],
        },
      },
    ]);
    expect(route53.commandCalls(GetChangeCommand).map((c) => c.args[0].input)).toEqual([
      { Id: '/change/C1' },
      { Id: '/change/C1' },
    ]);
    // 1 s before the first GetChange, 2 s before the second (the wait doubles)
    expect(clock.now() - startMs).toBe(3000);
  });

  it('asks GetChange less often as a change stays PENDING: 1 s, then doubling to 5 s', async () => {
    // Prepare: INSYNC at the sixth GetChange; each call's time is written down
    const clock = virtualClock();
    const startMs = clock.now();
    const askedAtMs: number[] = [];
    route53.on(ChangeResourceRecordSetsCommand).resolves({
      ChangeInfo: { Id: '/change/C3', Status: 'PENDING', SubmittedAt: SUBMITTED },
    });
    route53.on(GetChangeCommand).callsFake(() => {
      askedAtMs.push(clock.now() - startMs);
      const Status = askedAtMs.length < 6 ? 'PENDING' : 'INSYNC';
      return { ChangeInfo: { Id: '/change/C3', Status, SubmittedAt: SUBMITTED } };
    });
    const pool = createRoute53RecordPool(new Route53Client({}), CONFIG, { clock });
    // Act
    await pool.apply(
      { kind: 'replace', remove: [], add: [{ value: '10.20.2.20', type: 'A' }] },
      { deadlineMs: startMs + 60_000 },
    );
    // Assess
    expect(askedAtMs).toEqual([1000, 3000, 7000, 12_000, 17_000, 22_000]);
  });

  it('asks GetChange a last time at the deadline, not after it', async () => {
    // Prepare
    const clock = virtualClock();
    const startMs = clock.now();
    const askedAtMs: number[] = [];
    route53.on(ChangeResourceRecordSetsCommand).resolves({
      ChangeInfo: { Id: '/change/C4', Status: 'PENDING', SubmittedAt: SUBMITTED },
    });
    route53.on(GetChangeCommand).callsFake(() => {
      askedAtMs.push(clock.now() - startMs);
      return { ChangeInfo: { Id: '/change/C4', Status: 'PENDING', SubmittedAt: SUBMITTED } };
    });
    const pool = createRoute53RecordPool(new Route53Client({}), CONFIG, { clock });
    // Act
    const error = await pool
      .apply(
        { kind: 'replace', remove: [], add: [{ value: '10.20.2.20', type: 'A' }] },
        { deadlineMs: startMs + 10_000 },
      )
      .catch((e: unknown) => e);
    // Assess: 7 s + 5 s would pass the deadline; the fourth call goes at it
    expect(askedAtMs).toEqual([1000, 3000, 7000, 10_000]);
    expect(error).toBeInstanceOf(PoolApiError);
    expect((error as PoolApiError).code).toBe('ChangeNotInSync');
  });

  it('fails the step when the change is still PENDING at the deadline', async () => {
    const clock = virtualClock();
    route53.on(ChangeResourceRecordSetsCommand).resolves({
      ChangeInfo: { Id: '/change/C2', Status: 'PENDING', SubmittedAt: SUBMITTED },
    });
    route53
      .on(GetChangeCommand)
      .resolves({ ChangeInfo: { Id: '/change/C2', Status: 'PENDING', SubmittedAt: SUBMITTED } });
    const pool = createRoute53RecordPool(new Route53Client({}), CONFIG, { clock, changePollMs: 1000 });
    const error = await pool
      .apply(
        { kind: 'replace', remove: [], add: [{ value: '10.20.2.20', type: 'A' }] },
        { deadlineMs: clock.now() + 3500 },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolApiError);
    expect((error as PoolApiError).message).toBe(
      "register on aws-route53-record Z0123456789ABC/orders.db.internal. failed: ChangeNotInSync: change /change/C2 accepted but still PENDING at the invocation's deadline",
    );
  });

  it("words its swap as a record's, not as a failing relay's", () => {
    const pool = createRoute53RecordPool(new Route53Client({}), CONFIG, { clock: virtualClock() });
    expect(pool.replaceResult?.(['10.20.1.10'], ['10.20.2.20'])).toBe(
      'replaced 10.20.1.10 with 10.20.2.20 in one UPSERT',
    );
    expect(pool.replaceResult?.([], ['10.20.2.20', '10.20.3.30'])).toBe(
      'wrote 10.20.2.20, 10.20.3.30 in one UPSERT',
    );
  });

  it('refuses an add or a remove: a record is written whole', async () => {
    const pool = createRoute53RecordPool(new Route53Client({}), CONFIG, { clock: virtualClock() });
    const error = await pool
      .apply(
        { kind: 'add', add: [{ value: '10.20.2.20', type: 'A' }] },
        { deadlineMs: Number.MAX_SAFE_INTEGER },
      )
      .catch((e: unknown) => e);
    expect((error as PoolApiError).code).toBe('UnsupportedChange');
    expect(route53.commandCalls(ChangeResourceRecordSetsCommand)).toEqual([]);
  });
});

describe('assumed role credentials', () => {
  const sts = mockClient(STSClient);
  beforeEach(() => sts.reset());

  it('assumes the role once, keeps the credentials, and assumes again 5 minutes before they expire', async () => {
    // Prepare
    const clock = virtualClock();
    const expiry = (ms: number) => new Date(clock.now() + ms);
    sts
      .on(AssumeRoleCommand)
      .resolvesOnce({
        Credentials: {
          AccessKeyId: 'ASIA1',
          SecretAccessKey: 's1',
          SessionToken: 't1',
          Expiration: expiry(900_000),
        },
      })
      .resolves({
        Credentials: {
          AccessKeyId: 'ASIA2',
          SecretAccessKey: 's2',
          SessionToken: 't2',
          Expiration: expiry(1_800_000),
        },
      });
    const role = { roleArn: 'arn:aws:iam::210987654321:role/rfs', externalId: 'orders-sync-7' };
    const credentials = assumedRoleCredentials(new STSClient({}), role, clock);
    // Act
    const [a, b] = await Promise.all([credentials(), credentials()]);
    clock.advance(599_999);
    const c = await credentials();
    clock.advance(1);
    const d = await credentials();
    // Assess
    expect([a.accessKeyId, b.accessKeyId, c.accessKeyId, d.accessKeyId]).toEqual([
      'ASIA1',
      'ASIA1',
      'ASIA1',
      'ASIA2',
    ]);
    expect(sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input)).toEqual([
      {
        RoleArn: 'arn:aws:iam::210987654321:role/rfs',
        RoleSessionName: 'rds-failover-sync',
        DurationSeconds: 900,
        ExternalId: 'orders-sync-7',
      },
      {
        RoleArn: 'arn:aws:iam::210987654321:role/rfs',
        RoleSessionName: 'rds-failover-sync',
        DurationSeconds: 900,
        ExternalId: 'orders-sync-7',
      },
    ]);
  });

  it('names the role and the code of a refusal, never the external id, and asks again next time', async () => {
    const denied = Object.assign(new Error('User: x is not authorized; ExternalId orders-sync-7'), {
      name: 'AccessDenied',
    });
    sts
      .on(AssumeRoleCommand)
      .rejectsOnce(denied)
      .resolves({
        Credentials: {
          AccessKeyId: 'ASIA3',
          SecretAccessKey: 's3',
          SessionToken: 't3',
          Expiration: new Date(Date.UTC(2030, 0, 1)),
        },
      });
    const credentials = assumedRoleCredentials(
      new STSClient({}),
      { roleArn: 'arn:aws:iam::210987654321:role/rfs', externalId: 'orders-sync-7' },
      virtualClock(),
    );
    const error = await credentials().catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'could not assume arn:aws:iam::210987654321:role/rfs: AccessDenied',
    );
    expect((await credentials()).accessKeyId).toBe('ASIA3');
  });
});
