import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  InvalidChangeBatch,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import type { LabHttpServer } from '../../lab/listen';
import { Route53Emulator } from '../../lab/aws/route53-emulator';
import { startRoute53Server } from '../../lab/aws/rest-xml-server';

const credentials = { accessKeyId: 'AKIDLAB0000000000000', secretAccessKey: 'lab-secret-not-a-real-key' };

describe('Route 53 emulator over REST-XML, through the real SDK', () => {
  let nowMs = 1_700_000_000_000;
  let emulator: Route53Emulator;
  let server: LabHttpServer;
  let client: Route53Client;
  let zone: string;

  beforeEach(async () => {
    emulator = new Route53Emulator({ now: () => nowMs, inSyncAfterMs: 2000 });
    zone = emulator.createHostedZone('db.internal');
    emulator.seed(zone, { name: 'orders.db.internal', type: 'A', ttl: 5, values: ['10.20.1.10'] });
    server = await startRoute53Server(emulator);
    client = new Route53Client({ region: 'eu-west-1', endpoint: server.url, credentials, maxAttempts: 1 });
  });
  afterEach(async () => {
    client.destroy();
    await server.close();
  });

  const upsert = (values: string[]) =>
    client.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zone,
        ChangeBatch: {
          Changes: [
            {
              Action: 'UPSERT',
              ResourceRecordSet: {
                Name: 'orders.db.internal.',
                Type: 'A',
                TTL: 5,
                ResourceRecords: values.map((Value) => ({ Value })),
              },
            },
          ],
        },
      }),
    );

  it('an UPSERT replaces the values at once; GetChange says PENDING, then INSYNC after the delay', async () => {
    const { ChangeInfo } = await upsert(['10.20.2.20']);
    expect(ChangeInfo?.Status).toBe('PENDING');
    expect(ChangeInfo?.Id).toBe('/change/C0000000000001');
    expect(emulator.recordSets(zone, 'orders.db.internal')).toEqual([
      { name: 'orders.db.internal.', type: 'A', ttl: 5, values: ['10.20.2.20'] },
    ]);
    nowMs += 1999;
    expect((await client.send(new GetChangeCommand({ Id: ChangeInfo?.Id }))).ChangeInfo?.Status).toBe(
      'PENDING',
    );
    nowMs += 1;
    expect((await client.send(new GetChangeCommand({ Id: ChangeInfo?.Id }))).ChangeInfo?.Status).toBe(
      'INSYNC',
    );
    expect(emulator.history.get(`${zone} orders.db.internal. A`)).toEqual([['10.20.1.10'], ['10.20.2.20']]);
  });

  it('refuses a CREATE of an existing record and a DELETE of a missing one with InvalidChangeBatch, changing nothing', async () => {
    const error = await client
      .send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zone,
          ChangeBatch: {
            Changes: [
              {
                Action: 'CREATE',
                ResourceRecordSet: {
                  Name: 'orders.db.internal',
                  Type: 'A',
                  TTL: 5,
                  ResourceRecords: [{ Value: '10.20.2.20' }],
                },
              },
              {
                Action: 'DELETE',
                ResourceRecordSet: {
                  Name: 'billing.db.internal',
                  Type: 'A',
                  TTL: 5,
                  ResourceRecords: [{ Value: '10.20.3.30' }],
                },
              },
            ],
          },
        }),
      )
      .catch((e: unknown) => e);
    // Several reasons come in their own envelope, which this SDK cannot map to InvalidChangeBatch.
    expect((error as Error).name).toBe('Unknown');
    expect(emulator.calls.map((c) => c.errorCode)).toEqual(['InvalidChangeBatch']);
    expect(emulator.recordSets(zone, 'orders.db.internal')[0]?.values).toEqual(['10.20.1.10']);
  });

  it('refuses a DELETE of a missing record with InvalidChangeBatch and its message', async () => {
    const error = await client
      .send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zone,
          ChangeBatch: {
            Changes: [
              {
                Action: 'DELETE',
                ResourceRecordSet: {
                  Name: 'billing.db.internal',
                  Type: 'A',
                  TTL: 5,
                  ResourceRecords: [{ Value: '10.20.3.30' }],
                },
              },
            ],
          },
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidChangeBatch);
    expect((error as Error).message).toBe(
      "Tried to delete resource record set [name='billing.db.internal.', type='A'] but it was not found",
    );
  });

  it('refuses an A record where a CNAME holds the name', async () => {
    emulator.seed(zone, {
      name: 'reports.db.internal',
      type: 'CNAME',
      ttl: 60,
      values: ['reports.cluster-x.rds.amazonaws.com'],
    });
    const error = await client
      .send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zone,
          ChangeBatch: {
            Changes: [
              {
                Action: 'UPSERT',
                ResourceRecordSet: {
                  Name: 'reports.db.internal',
                  Type: 'A',
                  TTL: 5,
                  ResourceRecords: [{ Value: '10.20.2.20' }],
                },
              },
            ],
          },
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidChangeBatch);
    expect((error as Error).message).toEqual(
      [
        'RRSet of type A with DNS name reports.db.internal. is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone db.internal.',
      ][0],
    );
  });

  it('lists in Route 53 order from StartRecordName/StartRecordType, paging with NextRecordName/NextRecordType', async () => {
    emulator.seed(zone, { name: 'orders.db.internal', type: 'TXT', ttl: 300, values: ['"owner=payments"'] });
    emulator.seed(zone, { name: 'aaa.db.internal', type: 'A', ttl: 5, values: ['10.20.9.9'] });
    emulator.seed(zone, { name: 'zzz.db.internal', type: 'A', ttl: 5, values: ['10.20.8.8'] });
    const first = await client.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: zone,
        StartRecordName: 'orders.db.internal',
        MaxItems: 1,
      }),
    );
    expect(first.ResourceRecordSets?.map((s) => `${s.Name} ${s.Type}`)).toEqual(['orders.db.internal. A']);
    expect([first.IsTruncated, first.NextRecordName, first.NextRecordType]).toEqual([
      true,
      'orders.db.internal.',
      'TXT',
    ]);
    const second = await client.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: zone,
        StartRecordName: first.NextRecordName,
        StartRecordType: first.NextRecordType,
        MaxItems: 5,
      }),
    );
    expect(second.ResourceRecordSets?.map((s) => `${s.Name} ${s.Type}`)).toEqual([
      'orders.db.internal. TXT',
      'zzz.db.internal. A',
    ]);
    expect(second.IsTruncated).toBe(false);
    expect(emulator.calls.map((c) => c.query)).toEqual([
      { name: 'orders.db.internal', maxitems: '1' },
      { name: 'orders.db.internal.', type: 'TXT', maxitems: '5' },
    ]);
  });

  it('answers another account with AccessDenied, and an unsigned request with 403', async () => {
    const foreign = emulator.createHostedZone('other.internal', '210987654321');
    const denied = await client
      .send(new ListResourceRecordSetsCommand({ HostedZoneId: foreign }))
      .catch((e: unknown) => e);
    expect([(denied as Error).name, (denied as Error).message]).toEqual([
      'AccessDenied',
      'User is not authorized to access this resource',
    ]);
    const unsigned = await fetch(`${server.url}/2013-04-01/hostedzone/${zone}/rrset`);
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain('<Code>MissingAuthenticationToken</Code>');
  });
});
