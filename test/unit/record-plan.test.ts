import { planRecord } from '../../shared/core/record-plan';
import type { RecordPlanInput, RecordValue } from '../../shared/core/record-plan';
import type { Resolution } from '../../shared/core/resolution';
import type { Described } from '../../shared/core/step';

const resolved = (...addresses: string[]): Resolution => ({
  ok: true,
  addresses,
  ttlSeconds: 5,
  chain: ['orders.cluster-x.us-east-1.rds.amazonaws.com'],
  server: '10.0.0.2',
});
const a = (value: string, ttlSeconds = 5): Described<RecordValue> => ({
  value,
  type: 'A',
  ttlSeconds,
  health: 'pending',
  state: 'in record',
});
const input = (resolution: Resolution, current: Described<RecordValue>[]): RecordPlanInput => ({
  resolution,
  current,
  policy: { allowedCidrs: ['10.20.0.0/16'], maxBackends: 1 },
  ttlSeconds: 5,
  onForeignRecord: 'report',
});

describe('planRecord()', () => {
  it.each<[string, RecordPlanInput, ReturnType<typeof planRecord>]>([
    [
      'a failover swaps the old address for the new one in one replace',
      input(resolved('10.20.2.20'), [a('10.20.1.10')]),
      {
        kind: 'replace',
        remove: [{ value: '10.20.1.10', type: 'A', ttlSeconds: 5 }],
        add: [{ value: '10.20.2.20', type: 'A', ttlSeconds: 5 }],
      },
    ],
    [
      'a missing record is created with the whole value set',
      input(resolved('10.20.2.20'), []),
      { kind: 'replace', remove: [], add: [{ value: '10.20.2.20', type: 'A', ttlSeconds: 5 }] },
    ],
    [
      'the record already holds the address',
      input(resolved('10.20.2.20'), [a('10.20.2.20')]),
      { kind: 'in-sync' },
    ],
    [
      'another TTL is rewritten, values unchanged',
      input(resolved('10.20.2.20'), [a('10.20.2.20', 300)]),
      { kind: 'replace', remove: [], add: [{ value: '10.20.2.20', type: 'A', ttlSeconds: 5 }] },
    ],
    [
      'a failed resolution is refused, the record untouched',
      input({ ok: false, failure: 'nxdomain', detail: 'orders: NXDOMAIN' }, [a('10.20.1.10')]),
      { kind: 'refuse', refusal: { reason: 'resolution-failed', detail: 'nxdomain: orders: NXDOMAIN' } },
    ],
    [
      'a public address from DNS is refused',
      input(resolved('54.1.2.3'), [a('10.20.1.10')]),
      {
        kind: 'refuse',
        refusal: {
          reason: 'outside-allowed-cidrs',
          detail: '54.1.2.3 outside the allowed CIDRs 10.20.0.0/16',
        },
      },
    ],
    [
      'a record somebody pointed outside the allowed CIDRs is reported, not overwritten',
      input(resolved('10.20.2.20'), [a('192.0.2.7')]),
      {
        kind: 'hold',
        reason:
          'the record holds 192.0.2.7, outside the allowed CIDRs 10.20.0.0/16: not overwritten (onForeignRecord: report)',
        drift: ['the record holds 192.0.2.7, outside the allowed CIDRs 10.20.0.0/16'],
      },
    ],
    [
      'a CNAME at the name is reported, never replaced',
      input(resolved('10.20.2.20'), [
        {
          value: 'orders.cluster-x.rds.amazonaws.com.',
          type: 'CNAME',
          ttlSeconds: 60,
          health: 'pending',
          state: 'CNAME',
        },
      ]),
      {
        kind: 'hold',
        reason:
          'the record is not a simple A record, left as it is: a CNAME record (orders.cluster-x.rds.amazonaws.com.) holds the name',
        drift: ['a CNAME record (orders.cluster-x.rds.amazonaws.com.) holds the name'],
      },
    ],
    [
      'a weighted record set is reported, never replaced',
      input(resolved('10.20.2.20'), [{ ...a('10.20.1.10'), routing: 'weighted (SetIdentifier blue)' }]),
      {
        kind: 'hold',
        reason:
          'the record is not a simple A record, left as it is: weighted (SetIdentifier blue) record set (10.20.1.10)',
        drift: ['weighted (SetIdentifier blue) record set (10.20.1.10)'],
      },
    ],
  ])('%s', (_, given, expected) => {
    expect(planRecord(given)).toEqual(expected);
  });

  it('overwrites a foreign value when the pool says so', () => {
    const step = planRecord({
      ...input(resolved('10.20.2.20'), [a('192.0.2.7')]),
      onForeignRecord: 'overwrite',
    });
    expect(step).toEqual({
      kind: 'replace',
      remove: [{ value: '192.0.2.7', type: 'A', ttlSeconds: 5 }],
      add: [{ value: '10.20.2.20', type: 'A', ttlSeconds: 5 }],
    });
  });
});
