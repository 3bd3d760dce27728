import { ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { combineResolutions } from '../../shared/resolve/combine';
import { createRoute53Resolver } from '../../shared/resolve/route53-record';

const route53 = mockClient(Route53Client);
beforeEach(() => route53.reset());

const SOURCE = { hostedZoneId: 'Z0123456789ABC', recordName: 'orders.db.internal.', prefer: 'api' as const };

describe('Route 53 record as a source', () => {
  it('follows a CNAME within the zone to the A record', async () => {
    route53
      .on(ListResourceRecordSetsCommand, { StartRecordName: 'orders.db.internal.' })
      .resolves({
        ResourceRecordSets: [
          {
            Name: 'orders.db.internal.',
            Type: 'CNAME',
            TTL: 60,
            ResourceRecords: [{ Value: 'orders-writer.db.internal' }],
          },
        ],
        IsTruncated: false,
        MaxItems: 20,
      })
      .on(ListResourceRecordSetsCommand, { StartRecordName: 'orders-writer.db.internal.' })
      .resolves({
        ResourceRecordSets: [
          {
            Name: 'orders-writer.db.internal.',
            Type: 'A',
            TTL: 5,
            ResourceRecords: [{ Value: '10.20.2.20' }],
          },
          { Name: 'orders-writer.db.internal.', Type: 'TXT', TTL: 5, ResourceRecords: [{ Value: '"x"' }] },
        ],
        IsTruncated: false,
        MaxItems: 20,
      });
    const answer = await createRoute53Resolver(new Route53Client({}), SOURCE).resolve();
    expect(answer).toEqual({
      ok: true,
      addresses: ['10.20.2.20'],
      ttlSeconds: 5,
      chain: ['orders.db.internal.', 'orders-writer.db.internal.'],
      server: 'route53 Z0123456789ABC',
    });
  });

  it('is a failure, never a throw, when the name is missing or the API refuses', async () => {
    route53
      .on(ListResourceRecordSetsCommand)
      .resolvesOnce({ ResourceRecordSets: [], IsTruncated: false, MaxItems: 20 })
      .rejects(
        Object.assign(new Error('No hosted zone found with ID: Z0123456789ABC'), {
          name: 'NoSuchHostedZone',
        }),
      );
    const resolver = createRoute53Resolver(new Route53Client({}), SOURCE);
    expect(await resolver.resolve()).toEqual({
      ok: false,
      failure: 'nxdomain',
      detail: 'orders.db.internal.: no A or CNAME record in route53 Z0123456789ABC',
    });
    expect(await resolver.resolve()).toEqual({
      ok: false,
      failure: 'error',
      detail: 'ListResourceRecordSets on route53 Z0123456789ABC failed: NoSuchHostedZone',
    });
  });

  it('combined with DNS, the report says which won and names the record', () => {
    const dns = {
      ok: true as const,
      addresses: ['10.20.1.10'],
      ttlSeconds: 5,
      chain: ['orders'],
      server: '10.0.0.2',
    };
    const record = {
      ok: true as const,
      addresses: ['10.20.2.20'],
      ttlSeconds: 5,
      chain: ['orders.db.internal.'],
      server: 'route53 Z1',
    };
    expect(combineResolutions(dns, record, 'api', 'the Route 53 record').verdict).toEqual({
      dns: '10.20.1.10',
      api: '10.20.2.20',
      winner: 'api',
      why: 'DNS and the Route 53 record disagree; policy prefers api',
    });
  });
});
