import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startAwsLab } from '../../lab/aws-lab';
import type { AwsLab } from '../../lab/aws-lab';
import { createDynamoDbClient } from '../../shared/lease/dynamodb-client';
import { createDynamoDbLeaseStore } from '../../shared/lease/dynamodb-store';
import { LeaseStoreError } from '../../shared/lease/errors';
import type { LeaseRecord, LeaseStore } from '../../shared/lease/types';
import { describeLeaseStoreContract } from '../support/lease-store-contract';

// The credentials startAwsLab puts in the environment for the SDK to sign with.
const LAB_ACCESS_KEY_ID = 'AKIDLAB0000000000000';
const LAB_SECRET_ACCESS_KEY = 'lab-secret-not-a-real-key';
const POOL = 'aws-elbv2 targetgroup/orders-pg/0123456789abcdef';

let lab: AwsLab;
let client: DynamoDBClient;
let tables = 0;

const record = (overrides: Partial<LeaseRecord> = {}): LeaseRecord => ({
  pool: POOL,
  owner: 'run-a',
  expiresAtMs: 1_800_000_000_000,
  version: 1,
  intents: [],
  ...overrides,
});

/** A store on a table of its own, so that every case starts empty. */
function freshStore(): { store: LeaseStore; table: string } {
  tables += 1;
  const table = `leases-${tables}`;
  lab.dynamodb.createTable({ name: table, partitionKey: 'pool' });
  return { store: createDynamoDbLeaseStore(client, { table, region: 'us-east-1' }), table };
}

const failure = async (pending: Promise<unknown>): Promise<unknown> =>
  pending.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );

beforeAll(async () => {
  lab = await startAwsLab({ newRequestId: () => 'LAB-REQUEST-ID' });
  // Endpoint, region and credentials all come from the environment, as in Lambda.
  client = createDynamoDbClient({ requestTimeoutMs: 300 });
});

afterAll(async () => {
  client.destroy();
  await lab.close();
});

describeLeaseStoreContract('dynamodb via the lab emulator', async () => freshStore().store);

describe('createDynamoDbLeaseStore on the wire', () => {
  it('reads with a consistent GetItem and writes one conditional PutItem per compare-and-set', async () => {
    // Prepare
    const { store, table } = freshStore();

    // Act
    await store.compareAndSet(undefined, record());
    await store.compareAndSet(1, record({ version: 2 }));
    await store.read(POOL);

    // Assess
    const calls = lab.dynamodb.calls.filter((call) => call.input['TableName'] === table);
    expect(calls.map((call) => [call.operation, call.errorCode])).toEqual([
      ['PutItem', undefined],
      ['PutItem', undefined],
      ['GetItem', undefined],
    ]);
    expect(calls[0]?.input).toEqual({
      TableName: table,
      Item: {
        pool: { S: POOL },
        owner: { S: 'run-a' },
        expiresAtMs: { N: '1800000000000' },
        version: { N: '1' },
        intents: { S: '[]' },
      },
      ConditionExpression: 'attribute_not_exists(#pool)',
      ExpressionAttributeNames: { '#pool': 'pool' },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expect(calls[1]?.input).toMatchObject({
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expected': { N: '1' } },
    });
    expect(calls[2]?.input).toEqual({ TableName: table, Key: { pool: { S: POOL } }, ConsistentRead: true });
  });

  it('names itself after region and table', () => {
    // Act
    const store = createDynamoDbLeaseStore(client, {
      table: 'rds-failover-sync-leases',
      region: 'eu-west-1',
    });
    const unnamed = createDynamoDbLeaseStore(client, { table: 'rds-failover-sync-leases' });

    // Assess
    expect([store.id, unnamed.id]).toEqual([
      'dynamodb eu-west-1/rds-failover-sync-leases',
      'dynamodb rds-failover-sync-leases',
    ]);
  });

  it('reports true when its own write landed but the answer was lost and the retry found it', async () => {
    // Prepare
    const { store } = freshStore();
    lab.dynamodb.faults.inject({ action: 'PutItem', kind: 'server-error-after-write' });

    // Act
    const written = await store.compareAndSet(undefined, record());

    // Assess
    expect(written).toBe(true);
    expect(lab.dynamodb.calls.slice(-2).map((call) => [call.operation, call.errorCode])).toEqual([
      ['PutItem', 'InternalServerError'],
      ['PutItem', 'ConditionalCheckFailedException'],
    ]);
    await expect(store.read(POOL)).resolves.toEqual(record());
  });

  it('reports false when a retry finds another writer got there first', async () => {
    // Prepare
    const { store } = freshStore();
    await store.compareAndSet(undefined, record());

    // Act
    const written = await store.compareAndSet(undefined, record({ owner: 'run-b' }));

    // Assess
    expect(written).toBe(false);
    await expect(store.read(POOL)).resolves.toEqual(record());
  });
});

describe('createDynamoDbLeaseStore failures', () => {
  it.each([
    [
      'throttled twice',
      'throttle' as const,
      'ThrottlingException',
      'lease store dynamodb us-east-1/leases-N: ThrottlingException: PutItem failed (HTTP 400, 2 attempt(s), request id LAB-REQUEST-ID)',
    ],
    [
      'over its provisioned throughput twice',
      'provisioned-throughput-exceeded' as const,
      'ProvisionedThroughputExceededException',
      'lease store dynamodb us-east-1/leases-N: ProvisionedThroughputExceededException: PutItem failed (HTTP 400, 2 attempt(s), request id LAB-REQUEST-ID)',
    ],
    [
      'answered 500 twice',
      'server-error' as const,
      'InternalServerError',
      'lease store dynamodb us-east-1/leases-N: InternalServerError: PutItem failed (HTTP 500, 2 attempt(s), request id LAB-REQUEST-ID)',
    ],
  ])('rejects a write %s with a LeaseStoreError, not false', async (_label, kind, code, message) => {
    // Prepare
    const { store, table } = freshStore();
    lab.dynamodb.faults.inject({ action: 'PutItem', kind, times: 2 });

    // Act
    const error = await failure(store.compareAndSet(undefined, record()));

    // Assess
    expect(error).toBeInstanceOf(LeaseStoreError);
    expect(error).toMatchObject({ store: `dynamodb us-east-1/${table}`, code });
    expect((error as Error).message).toBe(message.replace('leases-N', table));
    expect(lab.dynamodb.items(table)).toEqual([]);
  });

  it('rejects a read that outlives its request timeout on both attempts with a TimeoutError', async () => {
    // Prepare
    const { store, table } = freshStore();
    lab.dynamodb.faults.inject({ action: 'GetItem', kind: 'delay', delayMs: 1000, times: 2 });
    const startedMs = Date.now();

    // Act
    const error = await failure(store.read(POOL));

    // Assess: two attempts of 300 ms and the backoff between them, well short of the delay.
    expect(error).toBeInstanceOf(LeaseStoreError);
    expect((error as Error).message).toBe(
      `lease store dynamodb us-east-1/${table}: TimeoutError: GetItem failed (2 attempt(s))`,
    );
    expect(Date.now() - startedMs).toBeLessThan(1000);
  });

  it("gives up at the invocation's deadline: an aborted signal ends the call", async () => {
    // Prepare
    const { store } = freshStore();
    const deadline = new AbortController();
    deadline.abort();

    // Act
    const error = await failure(store.read('aws-elbv2 targetgroup/orders/1', deadline.signal));

    // Assess
    expect(error).toBeInstanceOf(LeaseStoreError);
    expect((error as LeaseStoreError).code).toBe('AbortError');
  });

  it('rejects a write to a table that does not exist', async () => {
    // Prepare
    const store = createDynamoDbLeaseStore(client, { table: 'no-such-table', region: 'us-east-1' });

    // Act
    const error = await failure(store.compareAndSet(undefined, record()));

    // Assess
    expect(error).toBeInstanceOf(LeaseStoreError);
    expect((error as Error).message).toBe(
      'lease store dynamodb us-east-1/no-such-table: ResourceNotFoundException: PutItem failed (HTTP 400, 1 attempt(s), request id LAB-REQUEST-ID)',
    );
  });

  it.each([
    ['without an owner', { owner: undefined }, 'owner: missing'],
    ['with a version stored as a string', { version: { S: '2' } }, 'version.N: missing'],
    [
      'with a negative expiry',
      { expiresAtMs: { N: '-5' } },
      'expiresAtMs.N: expected a non-negative integer',
    ],
    ['with a fractional version', { version: { N: '1.5' } }, 'version.N: expected a non-negative integer'],
    ['with intents that are not JSON', { intents: { S: 'add 10.0.2.20:5432' } }, 'intents.S: expected JSON'],
    [
      'with an intent of an unknown kind',
      { intents: { S: '[{"op":"move","key":"10.0.2.20:5432","atMs":1}]' } },
      'intents.S.0.op: expected ("add" | "remove")',
    ],
    ['with intents that are an object', { intents: { S: '{"op":"add"}' } }, 'intents.S: expected Array'],
  ])(
    'rejects reading an item %s with a LeaseStoreError naming the field',
    async (_label, change, problem) => {
      // Prepare
      const { store, table } = freshStore();
      const item = {
        pool: { S: POOL },
        owner: { S: 'run-a' },
        expiresAtMs: { N: '1800000000000' },
        version: { N: '1' },
        intents: { S: '[]' },
        ...change,
      };
      lab.dynamodb.seedItem(
        table,
        Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined)) as Parameters<
          typeof lab.dynamodb.seedItem
        >[1],
      );

      // Act
      const error = await failure(store.read(POOL));

      // Assess
      expect(error).toBeInstanceOf(LeaseStoreError);
      expect((error as Error).message).toBe(
        `lease store dynamodb us-east-1/${table}: MalformedItem: the item of ${POOL}: ${problem}`,
      );
    },
  );

  it('never puts the lab credentials in the message of a LeaseStoreError', async () => {
    // Prepare
    expect([process.env['AWS_ACCESS_KEY_ID'], process.env['AWS_SECRET_ACCESS_KEY']]).toEqual([
      LAB_ACCESS_KEY_ID,
      LAB_SECRET_ACCESS_KEY,
    ]);
    const { store } = freshStore();
    lab.dynamodb.faults.inject({ action: 'PutItem', kind: 'server-error', times: 2 });
    lab.dynamodb.faults.inject({ action: 'GetItem', kind: 'throttle', times: 2 });
    const missing = createDynamoDbLeaseStore(client, { table: 'no-such-table' });

    // Act
    const errors = [
      await failure(store.compareAndSet(undefined, record())),
      await failure(store.read(POOL)),
      await failure(missing.read(POOL)),
    ];

    // Assess
    const messages = errors.map((error) => (error as Error).message);
    expect(errors.every((error) => error instanceof LeaseStoreError)).toBe(true);
    for (const message of messages) {
      expect(message).not.toContain(LAB_ACCESS_KEY_ID);
      expect(message).not.toContain(LAB_SECRET_ACCESS_KEY);
      expect(message).not.toContain('AWS4-HMAC-SHA256');
    }
  });
});
