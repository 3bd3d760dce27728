import { inspect } from 'node:util';
import { Condition, Long, RowExistenceExpectation } from 'tablestore';
import { LAB_ALICLOUD_CREDENTIALS, LAB_TABLESTORE, startAlicloudLab } from '../../lab/alicloud-lab';
import { OtsFaultKind } from '../../lab/alicloud/tablestore-faults';
import { columnType } from '../../lab/alicloud/tablestore-rows';
import { LeaseStoreError } from '../../shared/lease/errors';
import { createTablestoreClient } from '../../shared/lease/tablestore-client';
import { tablestoreEndpoint } from '../../shared/lease/tablestore-endpoint';
import { createTablestoreLeaseStore } from '../../shared/lease/tablestore-store';
import type { LeaseRecord } from '../../shared/lease/types';
import { describeLeaseStoreContract } from '../support/lease-store-contract';
import { SECRET } from '../support/serve-emulator';
import { INSTANCE, serveTablestore, STS_TOKEN, TABLE } from '../support/serve-tablestore';
import type { ServedTablestore } from '../support/serve-tablestore';

const POOL = 'alicloud-nlb cn-hangzhou/sgp-billing01';
const RECORD: LeaseRecord = {
  pool: POOL,
  owner: 'run-a',
  expiresAtMs: 1_767_225_630_000,
  version: 1,
  intents: [{ op: 'add', key: '10.1.2.20:3306', atMs: 1_767_225_600_500 }],
};

let served: ServedTablestore[] = [];
const serve = async (): Promise<ServedTablestore> => {
  const one = await serveTablestore();
  served.push(one);
  return one;
};

afterEach(async () => {
  await Promise.all(served.map((one) => one.server.close()));
  served = [];
});

describeLeaseStoreContract('tablestore via the lab emulator', async () => {
  const { client } = await serve();
  return createTablestoreLeaseStore(client(), { instance: INSTANCE, table: TABLE });
});

/** Resolves to the rejection of `promise`, failing the test if it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<LeaseStoreError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${String(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(LeaseStoreError);
  return outcome.error as LeaseStoreError;
}

describe('the Tablestore lease store through the real tablestore client', () => {
  it('writes the record as typed columns: INTEGER numbers, the intents as JSON text', async () => {
    // Prepare
    const { emulator, client } = await serve();
    const store = createTablestoreLeaseStore(client(), { instance: INSTANCE, table: TABLE });

    // Act
    await store.compareAndSet(undefined, RECORD);

    // Assess
    const [row] = emulator.rowsOf(INSTANCE, TABLE);
    expect(row?.primaryKey).toEqual([{ name: 'pool', value: POOL }]);
    expect(
      [...(row?.columns ?? [])].map(([name, cell]) => [name, columnType(cell.value), cell.value.toString()]),
    ).toEqual([
      ['owner', 'STRING', 'run-a'],
      ['expiresAtMs', 'INTEGER', '1767225630000'],
      ['version', 'INTEGER', '1'],
      ['intents', 'STRING', '[{"op":"add","key":"10.1.2.20:3306","atMs":1767225600500}]'],
    ]);
    expect(emulator.calls.map((call) => [call.action, call.errorCode])).toEqual([['PutRow', undefined]]);
  });

  it.each([
    ['PutRow', OtsFaultKind.ServerBusy, 'OTSServerBusy', 'Server is busy.'],
    ['PutRow', OtsFaultKind.QuotaExhausted, 'OTSQuotaExhausted', 'Too frequent table operations.'],
    ['PutRow', OtsFaultKind.InternalServerError, 'OTSInternalServerError', 'Internal server error.'],
    ['GetRow', OtsFaultKind.ServerBusy, 'OTSServerBusy', 'Server is busy.'],
    ['GetRow', OtsFaultKind.InternalServerError, 'OTSInternalServerError', 'Internal server error.'],
  ] as const)(
    'rejects a %s answered %s with LeaseStoreError %s, never false',
    async (action, kind, code, text) => {
      // Prepare
      const { emulator, client } = await serve();
      const store = createTablestoreLeaseStore(client(), { instance: INSTANCE, table: TABLE });
      emulator.faults.inject({ action, kind });

      // Act
      const error = await rejectionOf(
        action === 'PutRow' ? store.compareAndSet(undefined, RECORD) : store.read(POOL),
      );

      // Assess: one attempt, no retry behind the caller's back.
      expect(error.code).toBe(code);
      expect(error.message).toBe(`lease store tablestore lab-inst/leases: ${code}: ${action}: ${text}`);
      expect(emulator.calls.map((call) => call.errorCode)).toEqual([code]);
    },
  );

  it('is refused with OTSAuthFailed when the signature is wrong, and writes nothing', async () => {
    // Prepare
    const { emulator, client } = await serve();
    const store = createTablestoreLeaseStore(client({ accessKeySecret: 'not-the-secret-0001' }), {
      instance: INSTANCE,
      table: TABLE,
    });

    // Act
    const error = await rejectionOf(store.compareAndSet(undefined, RECORD));

    // Assess
    expect(error.code).toBe('OTSAuthFailed');
    expect(error.message).toBe(
      'lease store tablestore lab-inst/leases: OTSAuthFailed: PutRow: Signature mismatch.',
    );
    expect(emulator.rowsOf(INSTANCE, TABLE)).toEqual([]);
    expect(emulator.calls).toEqual([]);
  });

  it('names an unknown table with OTSObjectNotExist', async () => {
    const { client } = await serve();
    const store = createTablestoreLeaseStore(client(), { instance: INSTANCE, table: 'no_such_table' });

    const error = await rejectionOf(store.read(POOL));

    expect(error.code).toBe('OTSObjectNotExist');
    expect(error.message).toBe(
      'lease store tablestore lab-inst/no_such_table: OTSObjectNotExist: GetRow: Requested table does not exist.',
    );
  });

  it("gives up on a silent socket with the SDK's timeout, and on a slow call with its own deadline", async () => {
    // Prepare
    const { emulator, client } = await serve();
    const socketBound = createTablestoreLeaseStore(client({}, 200), {
      instance: INSTANCE,
      table: TABLE,
      callTimeoutMs: 5000,
    });
    const callBound = createTablestoreLeaseStore(client({}, 5000), {
      instance: INSTANCE,
      table: TABLE,
      callTimeoutMs: 200,
    });
    emulator.faults.inject({ action: 'GetRow', kind: OtsFaultKind.Delay, delayMs: 1000, times: 2 });

    // Act
    const startedMs = Date.now();
    const [socketError, callError] = await Promise.all([
      rejectionOf(socketBound.read(POOL)),
      rejectionOf(callBound.read(POOL)),
    ]);

    // Assess
    // The SDK raises its TimeoutError, then files it under NetworkingError (`lib/event_listeners.js` SEND).
    expect(socketError.code).toBe('NetworkingError');
    expect(socketError.message).toBe(
      'lease store tablestore lab-inst/leases: NetworkingError: GetRow: Connection timed out after 200ms',
    );
    expect(callError.code).toBe('Timeout');
    expect(callError.message).toBe(
      'lease store tablestore lab-inst/leases: Timeout: GetRow: no answer in 200 ms',
    );
    expect(Date.now() - startedMs).toBeLessThan(900);
  });

  it('refuses a row it did not write rather than guess its version', async () => {
    // Prepare: `version` written as a DOUBLE, as a plain JS number would be.
    const { client } = await serve();
    const raw = client();
    await raw.putRow({
      tableName: TABLE,
      condition: new Condition(RowExistenceExpectation.IGNORE),
      primaryKey: [{ pool: POOL }],
      attributeColumns: [
        { owner: 'run-a' },
        { expiresAtMs: Long.fromNumber(1_767_225_630_000) },
        { version: 1 },
        { intents: '[]' },
      ],
    });
    const store = createTablestoreLeaseStore(raw, { instance: INSTANCE, table: TABLE });

    // Act
    const error = await rejectionOf(store.read(POOL));

    // Assess
    expect(error.code).toBe('InvalidRecord');
    expect(error.message).toBe(
      `lease store tablestore lab-inst/leases: InvalidRecord: pool ${POOL}: column version: not an INTEGER`,
    );
  });

  it("gives up at the invocation's deadline, the SDK's call raced away", async () => {
    // Prepare: the row read hangs for 600 ms; the deadline fires after 50.
    const { emulator, client } = await serve();
    const store = createTablestoreLeaseStore(client(), { instance: INSTANCE, table: TABLE });
    emulator.faults.inject({ action: 'GetRow', kind: OtsFaultKind.Delay, delayMs: 600 });
    const deadline = new AbortController();
    setTimeout(() => deadline.abort(), 50);

    // Act
    const error = await rejectionOf(store.read(POOL, deadline.signal));

    // Assess
    expect(error.code).toBe('DeadlineExceeded');
    expect(error.message).toBe(
      `lease store tablestore ${INSTANCE}/${TABLE}: DeadlineExceeded: GetRow: abandoned at the invocation's deadline`,
    );
  });

  it('never repeats the STS token or the secret, in the message or anywhere in the error', async () => {
    // Prepare: every way a call fails here, the connection refused included.
    const { emulator, server, client } = await serve();
    const store = createTablestoreLeaseStore(client({}, 300), { instance: INSTANCE, table: TABLE });
    const wrongSecret = createTablestoreLeaseStore(client({ accessKeySecret: 'not-the-secret-0001' }), {
      instance: INSTANCE,
      table: TABLE,
    });
    emulator.faults.inject({ action: 'PutRow', kind: OtsFaultKind.InternalServerError });
    emulator.faults.inject({ action: 'GetRow', kind: OtsFaultKind.Delay, delayMs: 600 });

    // Act
    const errors = [
      await rejectionOf(store.compareAndSet(undefined, RECORD)),
      await rejectionOf(store.read(POOL)),
      await rejectionOf(wrongSecret.read(POOL)),
    ];
    await server.close();
    served = served.filter((one) => one.server !== server);
    errors.push(await rejectionOf(store.read(POOL)));

    // Assess
    expect(errors.map((error) => error.code)).toEqual([
      'OTSInternalServerError',
      'NetworkingError',
      'OTSAuthFailed',
      'NetworkingError',
    ]);
    for (const error of errors) {
      const whole = `${error.message}\n${inspect(error, { depth: 8 })}`;
      expect(whole).not.toContain(STS_TOKEN);
      expect(whole).not.toContain(SECRET);
    }
    expect(JSON.stringify(emulator.calls)).not.toContain(STS_TOKEN);
    expect(emulator.calls.every((call) => call.securityTokenSent)).toBe(true);
  });
});

describe('the Alibaba lab', () => {
  it('serves the lease table at ALICLOUD_ENDPOINT_OTS, signed with the lab credentials', async () => {
    // Prepare
    const before = process.env.ALICLOUD_ENDPOINT_OTS;
    const lab = await startAlicloudLab();
    try {
      const client = createTablestoreClient(
        {
          endpoint: tablestoreEndpoint(LAB_TABLESTORE.instance, 'cn-hangzhou'),
          instance: LAB_TABLESTORE.instance,
          ...LAB_ALICLOUD_CREDENTIALS,
        },
        { socketTimeoutMs: 2000 },
      );
      const store = createTablestoreLeaseStore(client, LAB_TABLESTORE);

      // Act
      const created = await store.compareAndSet(undefined, RECORD);

      // Assess
      expect(process.env.ALICLOUD_ENDPOINT_OTS).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(created).toBe(true);
      await expect(store.read(POOL)).resolves.toEqual(RECORD);
      expect(store.id).toBe('tablestore lab-leases/rds_failover_sync_leases');
      expect(lab.ots.calls.map((call) => [call.action, call.instance, call.securityTokenSent])).toEqual([
        ['PutRow', 'lab-leases', true],
        ['GetRow', 'lab-leases', true],
      ]);
    } finally {
      await lab.close();
    }
    expect(process.env.ALICLOUD_ENDPOINT_OTS).toBe(before);
  });
});
