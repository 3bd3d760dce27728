import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { startAwsLab } from '../../lab/aws-lab';
import type { AttributeMap } from '../../lab/aws/dynamodb-attributes';
import { evaluateCondition, parseCondition } from '../../lab/aws/dynamodb-condition';
import type { ConditionInput } from '../../lab/aws/dynamodb-condition';
import { DynamoDbEmulator } from '../../lab/aws/dynamodb-emulator';
import { JsonError } from '../../lab/aws/json-protocol';
import { startJsonServer } from '../../lab/aws/json-server';
import type { JsonServer } from '../../lab/aws/json-server';

const SIGNED =
  'AWS4-HMAC-SHA256 Credential=AKIDLAB/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00';
const credentials = { accessKeyId: 'AKIDLAB', secretAccessKey: 'lab-secret' };
const ORDERS = {
  pool: { S: 'orders' },
  owner: { S: 'run-a' },
  version: { N: '1' },
};

let nowMs: number;
let emulator: DynamoDbEmulator;
let server: JsonServer;

interface WireAnswer {
  status: number;
  contentType: string | null;
  requestId: string | null;
  body: unknown;
}

/** One raw JSON 1.0 request, signed-looking unless `authorization` says otherwise. */
async function post(
  operation: string,
  body: unknown,
  options: { authorization?: string | null; rawBody?: string } = {},
): Promise<WireAnswer> {
  const authorization = options.authorization === undefined ? SIGNED : options.authorization;
  const response = await fetch(server.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${operation}`,
      ...(authorization === null ? {} : { authorization }),
    },
    body: options.rawBody ?? JSON.stringify(body),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    requestId: response.headers.get('x-amzn-requestid'),
    body: await response.json(),
  };
}

beforeEach(async () => {
  nowMs = 1_767_225_600_000;
  emulator = new DynamoDbEmulator({ now: () => nowMs });
  emulator.createTable({ name: 'leases', partitionKey: 'pool' });
  emulator.seedItem('leases', ORDERS);
  server = await startJsonServer(emulator, { newRequestId: () => 'LAB-REQUEST-ID' });
});

afterEach(async () => {
  await server.close();
});

describe('DynamoDbEmulator on the wire', () => {
  it('answers 200 with the JSON 1.0 content type, the request id and the item', async () => {
    // Act
    const answer = await post('GetItem', {
      TableName: 'leases',
      Key: { pool: { S: 'orders' } },
      ConsistentRead: true,
    });

    // Assess
    expect(answer).toEqual({
      status: 200,
      contentType: 'application/x-amz-json-1.0',
      requestId: 'LAB-REQUEST-ID',
      body: { Item: ORDERS },
    });
  });

  it('answers {} for a key with no item', async () => {
    // Act
    const answer = await post('GetItem', { TableName: 'leases', Key: { pool: { S: 'billing' } } });

    // Assess
    expect([answer.status, answer.body]).toEqual([200, {}]);
  });

  it.each([
    [
      'an unsigned request',
      'GetItem',
      { TableName: 'leases', Key: { pool: { S: 'orders' } } },
      { authorization: null },
      400,
      {
        __type: 'com.amazon.coral.service#MissingAuthenticationTokenException',
        message: 'Request must contain a valid (registered) AWS Access Key ID.',
      },
    ],
    [
      'a request signed with anything but SigV4',
      'GetItem',
      { TableName: 'leases', Key: { pool: { S: 'orders' } } },
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
      400,
      {
        __type: 'com.amazon.coral.service#MissingAuthenticationTokenException',
        message: 'Request must contain a valid (registered) AWS Access Key ID.',
      },
    ],
    [
      'GetItem on an unknown table',
      'GetItem',
      { TableName: 'missing', Key: { pool: { S: 'orders' } } },
      {},
      400,
      {
        __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
        message: 'Requested resource not found',
      },
    ],
    [
      'PutItem on an unknown table',
      'PutItem',
      { TableName: 'missing', Item: ORDERS },
      {},
      400,
      {
        __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
        message: 'Requested resource not found',
      },
    ],
    [
      'DescribeTable on an unknown table',
      'DescribeTable',
      { TableName: 'missing' },
      {},
      400,
      {
        __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
        message: 'Requested resource not found: Table: missing not found',
      },
    ],
    [
      'a failed condition',
      'PutItem',
      {
        TableName: 'leases',
        Item: { ...ORDERS, version: { N: '2' } },
        ConditionExpression: 'attribute_not_exists(#pool)',
        ExpressionAttributeNames: { '#pool': 'pool' },
      },
      {},
      400,
      {
        __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        message: 'The conditional request failed',
      },
    ],
    [
      'a failed condition asking for the item as it was',
      'PutItem',
      {
        TableName: 'leases',
        Item: { ...ORDERS, version: { N: '3' } },
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': { N: '2' } },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
      {},
      400,
      {
        __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        message: 'The conditional request failed',
        Item: ORDERS,
      },
    ],
    [
      'an expression outside the supported subset',
      'PutItem',
      {
        TableName: 'leases',
        Item: ORDERS,
        ConditionExpression: 'begins_with(#owner, :prefix)',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':prefix': { S: 'run-' } },
      },
      {},
      400,
      {
        __type: 'com.amazon.coral.validate#ValidationException',
        message:
          'Invalid ConditionExpression: not supported by the lab emulator: function begins_with is not supported',
      },
    ],
    [
      'a name given but not used',
      'PutItem',
      {
        TableName: 'leases',
        Item: ORDERS,
        ConditionExpression: 'attribute_not_exists(#pool)',
        ExpressionAttributeNames: { '#pool': 'pool', '#owner': 'owner' },
      },
      {},
      400,
      {
        __type: 'com.amazon.coral.validate#ValidationException',
        message: 'Value provided in ExpressionAttributeNames unused in expressions: keys: {#owner}',
      },
    ],
    [
      'values without an expression',
      'PutItem',
      { TableName: 'leases', Item: ORDERS, ExpressionAttributeValues: { ':v': { N: '1' } } },
      {},
      400,
      {
        __type: 'com.amazon.coral.validate#ValidationException',
        message:
          'ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null',
      },
    ],
    [
      'an item without its key',
      'PutItem',
      { TableName: 'leases', Item: { owner: { S: 'run-a' } } },
      {},
      400,
      {
        __type: 'com.amazon.coral.validate#ValidationException',
        message: 'One or more parameter values were invalid: Missing the key pool in the item',
      },
    ],
    [
      'an item whose key has the wrong type',
      'PutItem',
      { TableName: 'leases', Item: { pool: { N: '1' } } },
      {},
      400,
      {
        __type: 'com.amazon.coral.validate#ValidationException',
        message:
          'One or more parameter values were invalid: Type mismatch for key pool expected: S actual: N',
      },
    ],
    [
      'an item over 400 KB',
      'PutItem',
      { TableName: 'leases', Item: { pool: { S: 'big' }, intents: { S: 'x'.repeat(400 * 1024) } } },
      {},
      400,
      {
        __type: 'com.amazon.coral.validate#ValidationException',
        message: 'Item size has exceeded the maximum allowed size',
      },
    ],
    [
      'a number that is not one',
      'PutItem',
      { TableName: 'leases', Item: { pool: { S: 'orders' }, version: { N: 'two' } } },
      {},
      400,
      {
        __type: 'com.amazon.coral.validate#ValidationException',
        message: 'A value provided cannot be converted into a number',
      },
    ],
    [
      'a key that is not the table key',
      'GetItem',
      { TableName: 'leases', Key: { owner: { S: 'run-a' } } },
      {},
      400,
      {
        __type: 'com.amazon.coral.validate#ValidationException',
        message: 'The provided key element does not match the schema',
      },
    ],
    [
      'a parameter the emulator does not model',
      'GetItem',
      { TableName: 'leases', Key: { pool: { S: 'orders' } }, ProjectionExpression: 'owner' },
      {},
      400,
      {
        __type: 'com.amazon.coral.validate#ValidationException',
        message: 'not supported by the lab emulator: ProjectionExpression',
      },
    ],
    [
      'an operation the emulator does not have',
      'DeleteItem',
      { TableName: 'leases', Key: { pool: { S: 'orders' } } },
      {},
      400,
      { __type: 'com.amazon.coral.service#UnknownOperationException', message: 'Unknown operation' },
    ],
    [
      'a body that is not JSON',
      'GetItem',
      undefined,
      { rawBody: '{"TableName":' },
      400,
      {
        __type: 'com.amazon.coral.service#SerializationException',
        message: 'The request body is not valid JSON',
      },
    ],
  ])('refuses %s', async (_label, operation, body, options, status, expected) => {
    // Act
    const answer = await post(operation, body, options);

    // Assess
    expect(answer).toEqual({
      status,
      contentType: 'application/x-amz-json-1.0',
      requestId: 'LAB-REQUEST-ID',
      body: expected,
    });
    expect(emulator.items('leases')).toEqual([ORDERS]);
  });

  it('records each authenticated call with the error it answered, and no unsigned one', async () => {
    // Act
    await post('GetItem', { TableName: 'leases', Key: { pool: { S: 'orders' } } });
    await post('GetItem', { TableName: 'missing', Key: { pool: { S: 'orders' } } });
    await post('GetItem', { TableName: 'leases', Key: { pool: { S: 'orders' } } }, { authorization: null });

    // Assess
    expect(emulator.calls.map((call) => [call.operation, call.errorCode, call.at])).toEqual([
      ['GetItem', undefined, 1_767_225_600_000],
      ['GetItem', 'ResourceNotFoundException', 1_767_225_600_000],
    ]);
  });

  it('writes when the condition holds, and answers the old item with ReturnValues ALL_OLD', async () => {
    // Act
    const answer = await post('PutItem', {
      TableName: 'leases',
      Item: { ...ORDERS, owner: { S: 'run-b' }, version: { N: '2' } },
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expected': { N: '1' } },
      ReturnValues: 'ALL_OLD',
    });

    // Assess
    expect([answer.status, answer.body]).toEqual([200, { Attributes: ORDERS }]);
    expect(emulator.items('leases')).toEqual([{ ...ORDERS, owner: { S: 'run-b' }, version: { N: '2' } }]);
  });
});

describe('DynamoDbEmulator fault injection', () => {
  it.each([
    [
      'throttle' as const,
      400,
      {
        __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException',
        message: 'Rate of requests exceeds the allowed throughput.',
      },
      [ORDERS],
    ],
    [
      'provisioned-throughput-exceeded' as const,
      400,
      {
        __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
        message:
          'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
      },
      [ORDERS],
    ],
    [
      'server-error' as const,
      500,
      {
        __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
        message: 'The server encountered an internal error trying to fulfill the request.',
      },
      [ORDERS],
    ],
    [
      'server-error-after-write' as const,
      500,
      {
        __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
        message: 'The server encountered an internal error trying to fulfill the request.',
      },
      [{ ...ORDERS, version: { N: '2' } }],
    ],
  ])('answers an injected %s fault', async (kind, status, expected, items) => {
    // Prepare
    emulator.faults.inject({ action: 'PutItem', kind });

    // Act
    const faulted = await post('PutItem', { TableName: 'leases', Item: { ...ORDERS, version: { N: '2' } } });
    const untouched = await post('GetItem', { TableName: 'leases', Key: { pool: { S: 'orders' } } });

    // Assess
    expect([faulted.status, faulted.body]).toEqual([status, expected]);
    expect(untouched.status).toBe(200);
    expect(emulator.items('leases')).toEqual(items);
    expect(emulator.faults.pending()).toEqual([]);
  });
});

describe('parseCondition and evaluateCondition', () => {
  const item: AttributeMap = {
    pool: { S: 'orders' },
    owner: { S: 'run-a' },
    version: { N: '3' },
    tags: { SS: ['blue', 'green'] },
  };
  const names = { '#pool': 'pool', '#owner': 'owner', '#version': 'version', '#tags': 'tags' };
  const used = (expression: string): Record<string, string> =>
    Object.fromEntries(Object.entries(names).filter(([key]) => expression.includes(key)));

  it.each([
    // expression, values, on the item, with no item
    ['attribute_exists(#pool)', {}, true, false],
    ['attribute_not_exists(#pool)', {}, false, true],
    ['#version = :v', { ':v': { N: '3' } }, true, false],
    ['#version = :v', { ':v': { N: '3.0' } }, true, false],
    ['#version = :v', { ':v': { S: '3' } }, false, false],
    ['#version <> :v', { ':v': { N: '4' } }, true, false],
    ['#version <> :v', { ':v': { N: '3' } }, false, false],
    ['#version < :v', { ':v': { N: '10' } }, true, false],
    ['#version < :v', { ':v': { N: '3' } }, false, false],
    ['#version <= :v', { ':v': { N: '3' } }, true, false],
    ['#version <= :v', { ':v': { N: '2' } }, false, false],
    ['#version > :v', { ':v': { N: '2' } }, true, false],
    ['#version >= :v', { ':v': { N: '4' } }, false, false],
    ['#version > :v', { ':v': { N: '3' } }, false, false],
    ['#version >= :v', { ':v': { N: '3' } }, true, false],
    ['#version < :v', { ':v': { S: '4' } }, false, false],
    ['#owner < :v', { ':v': { S: 'run-b' } }, true, false],
    ['#owner > :v', { ':v': { S: 'run-B' } }, true, false],
    [':v = #version', { ':v': { N: '3' } }, true, false],
    ['#tags = :v', { ':v': { SS: ['green', 'blue'] } }, true, false],
    ['NOT #version = :v', { ':v': { N: '3' } }, false, true],
    ['not #version = :v', { ':v': { N: '3' } }, false, true],
    ['NOT NOT attribute_exists(#pool)', {}, true, false],
    ['#version = :a OR #version = :b', { ':a': { N: '1' }, ':b': { N: '3' } }, true, false],
    ['attribute_exists(#pool) AND #owner = :o', { ':o': { S: 'run-b' } }, false, false],
    ['attribute_not_exists(#pool) OR #version = :v', { ':v': { N: '3' } }, true, true],
    // AND binds tighter than OR: true OR (false AND false).
    ['#version = :three OR #version = :one AND #owner = :b', threeOneB(), true, false],
    ['(#version = :three OR #version = :one) AND #owner = :b', threeOneB(), false, false],
    // NOT binds tighter than AND: (NOT false) AND true.
    ['NOT #version = :one AND #owner = :a', { ':one': { N: '1' }, ':a': { S: 'run-a' } }, true, false],
    ['  ( ( attribute_exists( #pool ) ) )  ', {}, true, false],
  ])('%s with %j is %s on the item and %s with no item', (expression, values, onItem, onNothing) => {
    // Prepare
    const condition = parseCondition({ expression, names: used(expression), values });

    // Act
    const results = [evaluateCondition(condition, item), evaluateCondition(condition, undefined)];

    // Assess
    expect(results).toEqual([onItem, onNothing]);
  });

  const refusal = (input: ConditionInput): unknown => {
    try {
      parseCondition(input);
      return 'accepted';
    } catch (error) {
      return error instanceof JsonError ? [error.code, error.message] : error;
    }
  };

  it.each([
    [
      'begins_with(#owner, :v)',
      { ':v': { S: 'run' } },
      'not supported by the lab emulator: function begins_with is not supported',
    ],
    [
      'contains(#tags, :v)',
      { ':v': { S: 'blue' } },
      'not supported by the lab emulator: function contains is not supported',
    ],
    [
      'size(#owner) > :v',
      { ':v': { N: '1' } },
      'not supported by the lab emulator: function size is not supported',
    ],
    [
      'attribute_type(#owner, :v)',
      { ':v': { S: 'S' } },
      'not supported by the lab emulator: function attribute_type is not supported',
    ],
    [
      '#version BETWEEN :a AND :b',
      { ':a': { N: '1' }, ':b': { N: '5' } },
      'not supported by the lab emulator: operator BETWEEN is not supported',
    ],
    [
      '#version IN (:a, :b)',
      { ':a': { N: '1' }, ':b': { N: '5' } },
      'not supported by the lab emulator: operator IN is not supported',
    ],
    [
      'version = :v',
      { ':v': { N: '1' } },
      'not supported by the lab emulator: bare attribute names are not supported, use ExpressionAttributeNames; name: version',
    ],
    [
      '#owner.first = :v',
      { ':v': { S: 'a' } },
      'not supported by the lab emulator: document paths are not supported; token: "."',
    ],
    [
      '#tags[0] = :v',
      { ':v': { S: 'a' } },
      'not supported by the lab emulator: document paths are not supported; token: "["',
    ],
    ['ATTRIBUTE_EXISTS(#pool)', {}, 'Invalid function name; function: ATTRIBUTE_EXISTS'],
    ['no_such_function(#pool)', {}, 'Invalid function name; function: no_such_function'],
    [
      'attribute_exists(:v)',
      { ':v': { N: '1' } },
      'Incorrect operand type for operator or function; operator or function: attribute_exists, operand type: N',
    ],
    ['#version =', {}, 'Syntax error; token: "<EOF>"'],
    ['#version == :v', { ':v': { N: '1' } }, 'Syntax error; token: "="'],
    ['#version = :v)', { ':v': { N: '1' } }, 'Syntax error; token: ")"'],
    ['(#version = :v', { ':v': { N: '1' } }, 'Syntax error; token: "<EOF>"'],
    ['#version = :v AND', { ':v': { N: '1' } }, 'Syntax error; token: "<EOF>"'],
    ['#version = :v $', { ':v': { N: '1' } }, 'Syntax error; token: "$"'],
    ['#version', {}, 'Syntax error; token: "<EOF>"'],
    ['   ', {}, 'The expression can not be empty;'],
  ])('refuses %s as a ValidationException', (expression, values, detail) => {
    // Act
    const outcome = refusal({ expression, names: used(expression), values });

    // Assess
    expect(outcome).toEqual(['ValidationException', `Invalid ConditionExpression: ${detail}`]);
  });

  it.each([
    [
      { expression: '#missing = :v', names: {}, values: { ':v': { N: '1' } } },
      'Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #missing',
    ],
    [
      { expression: '#version = :missing', names: { '#version': 'version' }, values: {} },
      'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :missing',
    ],
    [
      { expression: 'attribute_exists(#pool)', names: { '#pool': 'pool' }, values: { ':v': { N: '1' } } },
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}',
    ],
  ])('refuses names and values that do not match the expression: %j', (input, message) => {
    // Act
    const outcome = refusal(input);

    // Assess
    expect(outcome).toEqual(['ValidationException', message]);
  });
});

describe('DynamoDbEmulator through the real SDK client', () => {
  let client: DynamoDBClient;

  beforeEach(() => {
    client = new DynamoDBClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  });

  afterEach(() => client.destroy());

  it('creates a table that answers CREATING, then describes it as ACTIVE', async () => {
    // Act
    const created = await client.send(
      new CreateTableCommand({
        TableName: 'rds-failover-sync-dev-leases',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pool', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pool', KeyType: 'HASH' }],
      }),
    );
    const described = await client.send(
      new DescribeTableCommand({ TableName: 'rds-failover-sync-dev-leases' }),
    );

    // Assess
    expect(created.TableDescription?.TableStatus).toBe('CREATING');
    expect(described.Table).toEqual({
      TableName: 'rds-failover-sync-dev-leases',
      TableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/rds-failover-sync-dev-leases',
      TableStatus: 'ACTIVE',
      KeySchema: [{ AttributeName: 'pool', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pool', AttributeType: 'S' }],
      CreationDateTime: new Date('2026-01-01T00:00:00.000Z'),
      ItemCount: 0,
      TableSizeBytes: 0,
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
      DeletionProtectionEnabled: false,
    });
  });

  it('refuses to create a table twice with ResourceInUseException', async () => {
    // Act
    const error = await client
      .send(
        new CreateTableCommand({
          TableName: 'leases',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pool', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pool', KeyType: 'HASH' }],
        }),
      )
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ResourceInUseException);
    expect(error).toMatchObject({
      message: 'Table already exists: leases',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('surfaces the errors as the SDK exception classes, with the old item on a failed condition', async () => {
    // Act
    const notFound = await client
      .send(new GetItemCommand({ TableName: 'missing', Key: { pool: { S: 'orders' } } }))
      .catch((caught: unknown) => caught);
    const failed = await client
      .send(
        new PutItemCommand({
          TableName: 'leases',
          Item: { ...ORDERS, version: { N: '2' } },
          ConditionExpression: 'attribute_not_exists(#pool)',
          ExpressionAttributeNames: { '#pool': 'pool' },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      )
      .catch((caught: unknown) => caught);

    // Assess
    expect(notFound).toBeInstanceOf(ResourceNotFoundException);
    expect(notFound).toMatchObject({ message: 'Requested resource not found' });
    expect(failed).toBeInstanceOf(ConditionalCheckFailedException);
    expect(failed).toMatchObject({ message: 'The conditional request failed', Item: ORDERS });
  });
});

describe('startAwsLab', () => {
  it('serves DynamoDB through AWS_ENDPOINT_URL_DYNAMODB with the lease table, and restores the environment', async () => {
    // Prepare
    const before = [process.env['AWS_ENDPOINT_URL_DYNAMODB'], process.env['LEASE_TABLE']];
    const lab = await startAwsLab();
    const fromEnv = new DynamoDBClient({ maxAttempts: 1 });

    // Act
    let described;
    let during;
    try {
      during = [
        process.env['AWS_ENDPOINT_URL_DYNAMODB']?.startsWith('http://127.0.0.1:'),
        process.env['LEASE_TABLE'],
      ];
      described = await fromEnv.send(new DescribeTableCommand({ TableName: lab.leaseTable }));
    } finally {
      fromEnv.destroy();
      await lab.close();
    }

    // Assess
    expect(during).toEqual([true, 'rds-failover-sync-leases']);
    expect(described.Table).toMatchObject({
      TableName: 'rds-failover-sync-leases',
      TableStatus: 'ACTIVE',
      KeySchema: [{ AttributeName: 'pool', KeyType: 'HASH' }],
    });
    expect([process.env['AWS_ENDPOINT_URL_DYNAMODB'], process.env['LEASE_TABLE']]).toEqual(before);
  });
});

function threeOneB(): AttributeMap {
  return { ':three': { N: '3' }, ':one': { N: '1' }, ':b': { S: 'run-b' } };
}
