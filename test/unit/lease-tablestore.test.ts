import { Long } from 'tablestore';
import type { DecodedRow } from 'tablestore';
import { tablestoreEndpoint } from '../../shared/lease/tablestore-endpoint';
import { tablestoreFailureOf } from '../../shared/lease/tablestore-error';
import { leaseColumns, leaseRecordOf } from '../../shared/lease/tablestore-record';

describe('tablestoreEndpoint', () => {
  it('puts the instance in the host of the region, unless ALICLOUD_ENDPOINT_OTS says otherwise', () => {
    expect(tablestoreEndpoint('rfs-leases', 'cn-hangzhou', {})).toBe(
      'https://rfs-leases.cn-hangzhou.ots.aliyuncs.com',
    );
    expect(
      tablestoreEndpoint('rfs-leases', 'cn-hangzhou', { ALICLOUD_ENDPOINT_OTS: ' http://127.0.0.1:9 ' }),
    ).toBe('http://127.0.0.1:9');
  });

  it.each([
    ['evil.example.com/x', 'cn-hangzhou', 'instance: "evil.example.com/x" is not a Tablestore instance name'],
    ['rfs-', 'cn-hangzhou', 'instance: "rfs-" is not a Tablestore instance name'],
    ['rfs-leases', 'cn-hangzhou.evil', 'region: "cn-hangzhou.evil" is not an Alibaba Cloud region id'],
  ])('refuses %s in %s, which would become part of a host name', (instance, region, message) => {
    expect(() => tablestoreEndpoint(instance, region, {})).toThrow(message);
  });
});

describe('tablestoreFailureOf', () => {
  it.each([
    [
      'the 5.6 SDK: the HTTP status as code, the protobuf Error as text',
      {
        code: 403,
        message: '\n\u0015OTSConditionCheckFail\u0012\u0017Condition check failed. requestId:0005-aa',
      },
      { code: 'OTSConditionCheckFail', message: 'Condition check failed.' },
    ],
    [
      'a protobuf Error whose message is too long to survive as text: the code still does',
      {
        code: 403,
        message: `\n\u0015OTSConditionCheckFail\u0012\ufffd\u0001${'x'.repeat(200)} requestId:0005-aa`,
      },
      // What protobufjs makes of the mangled length varies; the code is what decides.
      expect.objectContaining({ code: 'OTSConditionCheckFail' }),
    ],
    [
      'a protobuf Error protobufjs cannot decode: the leading code',
      { code: 503, message: '\n\rOTSServerBusy\u0012\u00ff requestId:0005-aa' },
      { code: 'OTSServerBusy', message: '(message not decodable)' },
    ],
    [
      'a body that is no protobuf Error (a proxy page)',
      { code: 502, message: '<html>Bad Gateway</html> requestId:' },
      { code: 'HTTP 502', message: '<html>Bad Gateway</html> requestId:' },
    ],
    [
      'the SDK own code',
      { code: 'NetworkingError', message: 'connect ECONNREFUSED 127.0.0.1:9' },
      { code: 'NetworkingError', message: 'connect ECONNREFUSED 127.0.0.1:9' },
    ],
    [
      'an SDK that sets the OTS code itself',
      { code: 'OTSServerBusy', message: 'Server is busy.' },
      { code: 'OTSServerBusy', message: 'Server is busy.' },
    ],
    ['something else thrown', 'boom', { code: 'Unknown', message: 'boom' }],
  ])('reads %s', (_, error, expected) => {
    expect(tablestoreFailureOf(error)).toEqual(expected);
  });
});

describe('leaseRecordOf', () => {
  const POOL = 'alicloud-nlb cn-hangzhou/sgp-a';
  const cell = (columnName: string, columnValue: DecodedRow['attributes'][number]['columnValue']) => ({
    columnName,
    columnValue,
    timestamp: Long.fromNumber(1_767_225_600_000),
  });
  const row = (...attributes: DecodedRow['attributes']): DecodedRow => ({
    primaryKey: [{ name: 'pool', value: POOL }],
    attributes,
  });
  const GOOD = [
    cell('owner', 'run-a'),
    cell('expiresAtMs', Long.fromNumber(1_767_225_630_000)),
    cell('version', Long.fromNumber(3)),
    cell('intents', '[{"op":"remove","key":"10.0.1.10:3306","atMs":1767225600000}]'),
  ];

  it('reads a row the store wrote, and nothing from no row', () => {
    expect(leaseRecordOf(POOL, row(...GOOD))).toEqual({
      pool: POOL,
      owner: 'run-a',
      expiresAtMs: 1_767_225_630_000,
      version: 3,
      intents: [{ op: 'remove', key: '10.0.1.10:3306', atMs: 1_767_225_600_000 }],
    });
    expect(leaseRecordOf(POOL, {})).toBeUndefined();
  });

  it('writes the columns it reads', () => {
    const record = { pool: POOL, owner: 'run-b', expiresAtMs: 1_767_225_660_000, version: 4, intents: [] };
    const columns = leaseColumns(record).flatMap((c) => Object.entries(c));
    expect(columns.map(([name, value]) => [name, String(value)])).toEqual([
      ['owner', 'run-b'],
      ['expiresAtMs', '1767225660000'],
      ['version', '4'],
      ['intents', '[]'],
    ]);
  });

  it.each([
    [
      'version as a DOUBLE',
      [GOOD[0], GOOD[1], cell('version', 3), GOOD[3]],
      'column version: not an INTEGER',
    ],
    ['no owner', [GOOD[1], GOOD[2], GOOD[3]], 'column owner: not a STRING'],
    [
      'a negative expiry',
      [GOOD[0], cell('expiresAtMs', Long.fromNumber(-1)), GOOD[2], GOOD[3]],
      'column expiresAtMs: not a non-negative safe INTEGER',
    ],
    [
      'intents that are not JSON',
      [GOOD[0], GOOD[1], GOOD[2], cell('intents', '[{')],
      'column intents: not a JSON list of intents',
    ],
    [
      'an intent with an unknown op',
      [GOOD[0], GOOD[1], GOOD[2], cell('intents', '[{"op":"move","key":"k","atMs":1}]')],
      'column intents: not a JSON list of intents',
    ],
  ])('refuses a row with %s', (_, attributes, message) => {
    expect(() => leaseRecordOf(POOL, row(...(attributes as DecodedRow['attributes'])))).toThrow(message);
  });

  it('refuses a row of another pool', () => {
    expect(() => leaseRecordOf('alicloud-nlb cn-hangzhou/sgp-b', row(...GOOD))).toThrow(
      "the row's primary key is not (pool: the pool asked for)",
    );
  });
});
