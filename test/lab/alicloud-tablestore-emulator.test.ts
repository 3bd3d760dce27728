import { request } from 'node:http';
import {
  ColumnPaginationFilter,
  ComparatorType,
  CompositeCondition,
  Condition,
  LogicalOperator,
  Signer,
  Long,
  RowExistenceExpectation,
  SingleColumnCondition,
} from 'tablestore';
import type { Client, ColumnCondition, CreateTableParams, PrimaryKeyInput } from 'tablestore';
import { main as otsProto } from 'tablestore/lib/protocol/tablestore_compiled_proto.js';
import { ensureLeaseTable } from '../../bin/alicloud-deploy/lease-table';
import { OtsFaultKind } from '../../lab/alicloud/tablestore-faults';
import { tablestoreFailureOf } from '../../shared/lease/tablestore-error';
import { otsSignature, otsStringToSign } from '../../lab/alicloud/tablestore-protocol';
import { KEY_ID, SECRET } from '../support/serve-emulator';
import { INSTANCE, NOW_MS, serveTablestore, STS_TOKEN, TABLE } from '../support/serve-tablestore';
import type { ServedTablestore } from '../support/serve-tablestore';

let served: ServedTablestore;
let client: Client;

beforeEach(async () => {
  served = await serveTablestore();
  client = served.client();
});

afterEach(async () => {
  await served.server.close();
});

/** The HTTP status (the SDK's `code`, see `tablestore-error.ts`) and the decoded protobuf `Error`. */
async function failureOf(
  call: Promise<unknown>,
): Promise<{ status: unknown; code: string; message: string }> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (outcome === undefined) throw new Error('expected the call to fail');
  return { status: (outcome as { code?: unknown }).code, ...tablestoreFailureOf(outcome) };
}

const leaseTable = (overrides: Partial<CreateTableParams['tableOptions']> = {}): CreateTableParams => ({
  tableMeta: { tableName: 'leases_2', primaryKey: [{ name: 'pool', type: 'STRING' }] },
  reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
  tableOptions: { timeToLive: -1, maxVersions: 1, ...overrides },
});

describe('TablestoreEmulator tables, through the real tablestore client', () => {
  it('creates, describes and lists tables', async () => {
    // Act
    await client.createTable(leaseTable());
    const described = await client.describeTable({ tableName: 'leases_2' });
    const listed = await client.listTable({});

    // Assess: protobufjs's toJSON renders enums by name and int64 as a decimal string.
    expect(JSON.parse(JSON.stringify(described))).toEqual({
      tableMeta: { tableName: 'leases_2', primaryKey: [{ name: 'pool', type: 'STRING' }] },
      reservedThroughputDetails: { capacityUnit: { read: 0, write: 0 }, lastIncreaseTime: '1767225600' },
      tableOptions: { timeToLive: -1, maxVersions: 1 },
      tableStatus: 'ACTIVE',
    });
    expect(listed).toMatchObject({ RequestId: 'lab-request-id' });
    expect(listed.tableNames).toEqual(['leases', 'leases_2']);
  });

  it.each([
    ['an existing table', leaseTable(), 409, 'OTSObjectAlreadyExist', 'Requested table already exists.'],
    [
      'a TTL under a day',
      leaseTable({ timeToLive: 3600 }),
      400,
      'OTSParameterInvalid',
      'TimeToLive must be -1 or at least 86400 seconds.',
    ],
    [
      'no version kept',
      leaseTable({ maxVersions: 0 }),
      400,
      'OTSParameterInvalid',
      'MaxVersions must be at least 1.',
    ],
    [
      'a bad table name',
      {
        ...leaseTable(),
        tableMeta: { tableName: '1leases', primaryKey: [{ name: 'pool', type: 'STRING' }] },
      },
      400,
      'OTSParameterInvalid',
      "Invalid table name: '1leases'.",
    ],
  ] as const)('refuses to create %s', async (_, params, status, code, message) => {
    await client.createTable(leaseTable());

    await expect(failureOf(client.createTable(params))).resolves.toEqual({ status, code, message });
  });

  it('answers OTSObjectNotExist (404) for a table that does not exist', async () => {
    await expect(failureOf(client.describeTable({ tableName: 'nope' }))).resolves.toEqual({
      status: 404,
      code: 'OTSObjectNotExist',
      message: 'Requested table does not exist.',
    });
    await expect(
      failureOf(client.getRow({ tableName: 'nope', primaryKey: [{ pool: 'p' }] })),
    ).resolves.toEqual({
      status: 404,
      code: 'OTSObjectNotExist',
      message: 'Requested table does not exist.',
    });
  });

  it('answers OTSUnsupportOperation for an operation the lab does not serve', async () => {
    await expect(failureOf(client.deleteTable({ tableName: TABLE }))).resolves.toEqual({
      status: 400,
      code: 'OTSUnsupportOperation',
      message: "Unsupported operation: 'DeleteTable'.",
    });
  });
});

describe('TablestoreEmulator rows', () => {
  it('reads back what PutRow wrote, every cell stamped with the emulator clock', async () => {
    // Act
    await client.putRow({
      tableName: TABLE,
      condition: new Condition(RowExistenceExpectation.IGNORE),
      primaryKey: [{ pool: 'p1' }],
      attributeColumns: [{ owner: 'run-a' }, { version: Long.fromNumber(7) }, { ratio: 0.5 }, { held: true }],
    });
    const { row } = await client.getRow({ tableName: TABLE, primaryKey: [{ pool: 'p1' }], maxVersions: 1 });

    // Assess
    expect(row.primaryKey).toEqual([{ name: 'pool', value: 'p1' }]);
    expect(
      row.attributes?.map((cell) => [cell.columnName, String(cell.columnValue), cell.timestamp?.toNumber()]),
    ).toEqual([
      ['owner', 'run-a', NOW_MS],
      ['version', '7', NOW_MS],
      ['ratio', '0.5', NOW_MS],
      ['held', 'true', NOW_MS],
    ]);
  });

  it('answers an empty row for a key never written', async () => {
    const { row } = await client.getRow({
      tableName: TABLE,
      primaryKey: [{ pool: 'never' }],
      maxVersions: 1,
    });

    expect(row).toEqual({});
  });

  it.each([
    ['a wrong key name', [{ id: 'p1' }] as PrimaryKeyInput, 'Validate PK name fail.'],
    ['a wrong key type', [{ pool: Long.fromNumber(1) }] as PrimaryKeyInput, 'Validate PK type fail.'],
    ['an extra key column', [{ pool: 'p1' }, { zone: 'a' }] as PrimaryKeyInput, 'Validate PK size fail.'],
  ] satisfies [string, PrimaryKeyInput, string][])(
    'refuses a primary key with %s (OTSParameterInvalid, 400)',
    async (_, primaryKey, message) => {
      await expect(
        failureOf(client.getRow({ tableName: TABLE, primaryKey, maxVersions: 1 })),
      ).resolves.toEqual({
        status: 400,
        code: 'OTSParameterInvalid',
        message,
      });
    },
  );
});

describe('TablestoreEmulator conditions on PutRow', () => {
  const version = (comparator: number, value: number, passIfMissing?: boolean) =>
    new SingleColumnCondition('version', Long.fromNumber(value), comparator, passIfMissing);
  const owner = (value: string) => new SingleColumnCondition('owner', value, ComparatorType.EQUAL);
  const composite = (operator: number, ...subs: ColumnCondition[]) => {
    const condition = new CompositeCondition(operator);
    subs.forEach((sub) => condition.addSubCondition(sub));
    return condition;
  };
  const { IGNORE, EXPECT_EXIST, EXPECT_NOT_EXIST } = RowExistenceExpectation;
  const { EQUAL, NOT_EQUAL, GREATER_THAN, GREATER_EQUAL, LESS_THAN, LESS_EQUAL } = ComparatorType;
  const WRITTEN = 'written';
  const FAILED = 'OTSConditionCheckFail';
  const INVALID = 'OTSParameterInvalid';

  // The stored row, when there is one: { owner: 'run-a' (STRING), version: 5 (INTEGER) }.
  it.each([
    ['IGNORE, no row', IGNORE, null, false, WRITTEN],
    ['IGNORE, a row', IGNORE, null, true, WRITTEN],
    ['EXPECT_EXIST, no row', EXPECT_EXIST, null, false, FAILED],
    ['EXPECT_EXIST, a row', EXPECT_EXIST, null, true, WRITTEN],
    ['EXPECT_NOT_EXIST, no row', EXPECT_NOT_EXIST, null, false, WRITTEN],
    ['EXPECT_NOT_EXIST, a row', EXPECT_NOT_EXIST, null, true, FAILED],
    ['version == 5', EXPECT_EXIST, version(EQUAL, 5), true, WRITTEN],
    ['version == 4', EXPECT_EXIST, version(EQUAL, 4), true, FAILED],
    ['version != 4', EXPECT_EXIST, version(NOT_EQUAL, 4), true, WRITTEN],
    ['version != 5', EXPECT_EXIST, version(NOT_EQUAL, 5), true, FAILED],
    ['version > 4', EXPECT_EXIST, version(GREATER_THAN, 4), true, WRITTEN],
    ['version > 5', EXPECT_EXIST, version(GREATER_THAN, 5), true, FAILED],
    ['version >= 5', EXPECT_EXIST, version(GREATER_EQUAL, 5), true, WRITTEN],
    ['version < 5', EXPECT_EXIST, version(LESS_THAN, 5), true, FAILED],
    ['version < 6', EXPECT_EXIST, version(LESS_THAN, 6), true, WRITTEN],
    ['version <= 4', EXPECT_EXIST, version(LESS_EQUAL, 4), true, FAILED],
    [
      'version == "5", a STRING against an INTEGER',
      EXPECT_EXIST,
      new SingleColumnCondition('version', '5', EQUAL),
      true,
      FAILED,
    ],
    [
      'version == 5.0, a DOUBLE against an INTEGER',
      EXPECT_EXIST,
      new SingleColumnCondition('version', 5, EQUAL),
      true,
      FAILED,
    ],
    [
      'a missing column, passIfMissing (the default)',
      EXPECT_EXIST,
      new SingleColumnCondition('nope', 'x', EQUAL),
      true,
      WRITTEN,
    ],
    [
      'a missing column, not passIfMissing',
      EXPECT_EXIST,
      new SingleColumnCondition('nope', 'x', EQUAL, false),
      true,
      FAILED,
    ],
    ['IGNORE with a column condition, no row, passIfMissing', IGNORE, version(EQUAL, 5), false, WRITTEN],
    [
      'IGNORE with a column condition, no row, not passIfMissing',
      IGNORE,
      version(EQUAL, 5, false),
      false,
      FAILED,
    ],
    [
      'version == 5 AND owner == run-a',
      EXPECT_EXIST,
      composite(LogicalOperator.AND, version(EQUAL, 5), owner('run-a')),
      true,
      WRITTEN,
    ],
    [
      'version == 5 AND owner == run-b',
      EXPECT_EXIST,
      composite(LogicalOperator.AND, version(EQUAL, 5), owner('run-b')),
      true,
      FAILED,
    ],
    [
      'version == 4 OR owner == run-a',
      EXPECT_EXIST,
      composite(LogicalOperator.OR, version(EQUAL, 4), owner('run-a')),
      true,
      WRITTEN,
    ],
    ['NOT owner == run-b', EXPECT_EXIST, composite(LogicalOperator.NOT, owner('run-b')), true, WRITTEN],
    [
      'NOT with two sub conditions',
      EXPECT_EXIST,
      composite(LogicalOperator.NOT, owner('a'), owner('b')),
      true,
      INVALID,
    ],
    [
      'AND with one sub condition',
      EXPECT_EXIST,
      composite(LogicalOperator.AND, owner('run-a')),
      true,
      INVALID,
    ],
    ['a column pagination filter', EXPECT_EXIST, new ColumnPaginationFilter(1, 0), true, INVALID],
    [
      'a malformed condition, even with no row to check',
      EXPECT_NOT_EXIST,
      new ColumnPaginationFilter(1, 0),
      false,
      INVALID,
    ],
  ] as const)('%s: %s', async (_, existence, columnCondition, rowExists, expected) => {
    // Prepare
    if (rowExists) {
      await client.putRow({
        tableName: TABLE,
        condition: new Condition(IGNORE),
        primaryKey: [{ pool: 'p1' }],
        attributeColumns: [{ owner: 'run-a' }, { version: Long.fromNumber(5) }],
      });
    }

    // Act
    const outcome = await client
      .putRow({
        tableName: TABLE,
        condition: new Condition(existence, columnCondition),
        primaryKey: [{ pool: 'p1' }],
        attributeColumns: [{ owner: 'run-z' }, { version: Long.fromNumber(6) }],
      })
      .then(
        () => WRITTEN,
        (error: unknown) => tablestoreFailureOf(error).code,
      );

    // Assess
    expect(outcome).toBe(expected);
    const owners = served.emulator.rowsOf(INSTANCE, TABLE).map((row) => row.columns.get('owner')?.value);
    expect(owners).toEqual(outcome === WRITTEN ? ['run-z'] : rowExists ? ['run-a'] : []);
  });

  it('answers a failed condition with 403 and the documented message', async () => {
    await client.putRow({
      tableName: TABLE,
      condition: new Condition(IGNORE),
      primaryKey: [{ pool: 'p1' }],
      attributeColumns: [{ owner: 'run-a' }],
    });

    await expect(
      failureOf(
        client.putRow({
          tableName: TABLE,
          condition: new Condition(EXPECT_NOT_EXIST),
          primaryKey: [{ pool: 'p1' }],
          attributeColumns: [{ owner: 'run-b' }],
        }),
      ),
    ).resolves.toEqual({ status: 403, code: 'OTSConditionCheckFail', message: 'Condition check failed.' });
  });
});

describe('the signature check', () => {
  it("computes the SDK's string to sign and signature, STS token included", () => {
    // Prepare: headers as the SDK sets them before signing, in its order.
    const headers: Record<string, string> = {
      'x-ots-apiversion': '2015-12-31',
      'x-ots-instancename': INSTANCE,
      'Content-Length': '12',
      'x-ots-contentmd5': 'ZajifYh5KDgxtmS9i38K1A==',
      Host: '127.0.0.1:1',
    };
    const signed = { path: '/PutRow', method: 'POST', headers: { ...headers } };
    new Signer(signed).addAuthorization(
      { accessKeyId: KEY_ID, secretAccessKey: SECRET, securityToken: STS_TOKEN },
      new Date(NOW_MS),
    );

    // Act: the emulator sees the headers with their names lower-cased, as Node hands them over.
    const lowerCased = Object.fromEntries(
      Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const text = otsStringToSign('/PutRow', 'POST', lowerCased);

    // Assess
    expect(text).toBe(
      '/PutRow\nPOST\n\n' +
        'x-ots-accesskeyid:LTAI5tLabKey0001\n' +
        'x-ots-apiversion:2015-12-31\n' +
        'x-ots-contentmd5:ZajifYh5KDgxtmS9i38K1A==\n' +
        'x-ots-date:2026-01-01T00:00:00.000Z\n' +
        'x-ots-instancename:lab-inst\n' +
        'x-ots-ststoken:CAIS-lab-sts-token-0123456789\n',
    );
    // The SDK signs with the signature header removed (`addAuthorization`), as the emulator leaves it out.
    const { 'x-ots-signature': signature, ...unsigned } = signed.headers;
    expect(text).toBe(new Signer({ ...signed, headers: unsigned }).stringToSign());
    expect(otsSignature(SECRET, text)).toBe(signature);
  });
});

describe('TablestoreEmulator authentication and faults', () => {
  it('records who called, never the STS token', async () => {
    await client.listTable({});

    expect(served.emulator.calls).toEqual([
      { action: 'ListTable', instance: INSTANCE, securityTokenSent: true, at: NOW_MS },
    ]);
    expect(JSON.stringify(served.emulator.calls)).not.toContain(STS_TOKEN);
  });

  it.each([
    ['a wrong secret', { accessKeySecret: 'not-the-secret-0001' }, 'Signature mismatch.'],
    ['an unknown key', { accessKeyId: 'LTAI5tUnknownKey' }, 'The AccessKeyID does not exist.'],
    ['an unknown instance', { instance: 'other-inst' }, 'Instance not found: other-inst.'],
  ])('refuses %s with OTSAuthFailed (403)', async (_, overrides, message) => {
    await expect(failureOf(served.client(overrides).listTable({}))).resolves.toEqual({
      status: 403,
      code: 'OTSAuthFailed',
      message,
    });
  });

  it.each([
    [OtsFaultKind.ServerBusy, 503, 'OTSServerBusy', 'Server is busy.'],
    [OtsFaultKind.QuotaExhausted, 403, 'OTSQuotaExhausted', 'Too frequent table operations.'],
    [OtsFaultKind.InternalServerError, 500, 'OTSInternalServerError', 'Internal server error.'],
  ])('answers an injected %s with %s %s, once', async (kind, status, code, message) => {
    served.emulator.faults.inject({ action: 'ListTable', kind });

    await expect(failureOf(client.listTable({}))).resolves.toEqual({ status, code, message });
    await expect(client.listTable({})).resolves.toMatchObject({ tableNames: ['leases'] });
    expect(served.emulator.calls.map((call) => [call.fault, call.errorCode])).toEqual([
      [kind, code],
      [undefined, undefined],
    ]);
  });

  /** A request by hand, to send what the SDK never would. */
  const raw = (method: string, headers: Record<string, string>) =>
    new Promise<{ status: number | undefined; body: Buffer }>((resolve, reject) => {
      const req = request(`${served.server.url}/ListTable`, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });

  it.each([
    ['GET', {}, 405, 'OTSMethodNotAllowed', "Unsupported HTTP method: 'GET'."],
    ['POST', {}, 400, 'OTSMissingHeader', "Missing header: 'x-ots-date'."],
    [
      'POST',
      {
        'x-ots-date': '2026-01-01T00:00:00.000Z',
        'x-ots-apiversion': '2015-12-31',
        'x-ots-accesskeyid': KEY_ID,
        'x-ots-instancename': INSTANCE,
        'x-ots-contentmd5': 'bm90LXRoZS1tZDU=',
        'x-ots-signature': 'c2lnbmF0dXJl',
      },
      400,
      'OTSParameterInvalid',
      'Content MD5 mismatch.',
    ],
  ])(
    'answers a %s with headers %j with %s %s in a protobuf Error',
    async (method, headers, status, code, message) => {
      const answer = await raw(method, headers);

      expect(answer.status).toBe(status);
      expect(otsProto.proto.Error.decode(answer.body)).toEqual({ code, message });
    },
  );
});

describe("the deploy's lease table, through the emulator", () => {
  const spec = { instance: INSTANCE, table: 'rds_failover_sync_leases', endpoint: 'unused-here' };

  it('is created once, then verified, with the options the store relies on', async () => {
    await expect(ensureLeaseTable(client, spec)).resolves.toBe('created');
    await expect(ensureLeaseTable(client, spec)).resolves.toBe('verified');

    const described = await client.describeTable({ tableName: 'rds_failover_sync_leases' });
    expect(JSON.parse(JSON.stringify(described))).toMatchObject({
      tableMeta: { primaryKey: [{ name: 'pool', type: 'STRING' }] },
      reservedThroughputDetails: { capacityUnit: { read: 0, write: 0 } },
      tableOptions: { timeToLive: -1, maxVersions: 1 },
    });
    expect(served.emulator.calls.map((call) => [call.action, call.errorCode])).toEqual([
      ['CreateTable', undefined],
      ['CreateTable', 'OTSObjectAlreadyExist'],
      ['DescribeTable', undefined],
      ['DescribeTable', undefined],
    ]);
  });
});
