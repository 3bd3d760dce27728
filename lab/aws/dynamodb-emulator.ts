import { itemSizeBytes, MAX_ITEM_BYTES, parseAttributeMap, typeOf } from './dynamodb-attributes';
import type { AttributeMap, AttributeValue } from './dynamodb-attributes';
import { evaluateCondition, parseCondition } from './dynamodb-condition';
import type { Condition } from './dynamodb-condition';
import { DynamoDbFaultInjector } from './dynamodb-faults';
import {
  describeTable,
  DYNAMODB_NAMESPACE,
  tableFromCreateInput,
  tableName,
  tableNotFound,
} from './dynamodb-table';
import type { KeyType, Table } from './dynamodb-table';
import { CoralError, JsonError } from './json-protocol';
import type { JsonCall, JsonService } from './types';

/** What `createTable` needs: a table keyed by one partition key, billed per request. */
export interface DynamoDbTableSpec {
  name: string;
  partitionKey: string;
  /** Defaults to `S`. */
  partitionKeyType?: KeyType;
}

/** Options of the DynamoDB emulator. */
export interface DynamoDbEmulatorOptions {
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  now?: () => number;
  faults?: DynamoDbFaultInjector;
  /** Where table ARNs say the table is; defaults to `us-east-1` and `123456789012`. */
  region?: string;
  accountId?: string;
}

/**
 * A stateful DynamoDB emulator on the JSON 1.0 wire, for what the lease store and a deploy use:
 * CreateTable, DescribeTable, GetItem and PutItem with a condition expression (see `parseCondition` for
 * the subset). Tables have a partition key only; every read is consistent, which is the most AWS
 * promises and exactly what the lease store asks for.
 */
export class DynamoDbEmulator implements JsonService {
  readonly targetPrefix = 'DynamoDB_20120810';
  readonly faults: DynamoDbFaultInjector;
  readonly calls: JsonCall[] = [];
  readonly now: () => number;
  private readonly region: string;
  private readonly accountId: string;
  private readonly tables = new Map<string, Table>();

  constructor(options: DynamoDbEmulatorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.faults = options.faults ?? new DynamoDbFaultInjector();
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
  }

  /** Creates a table (not a wire call) and returns its ARN. */
  createTable(spec: DynamoDbTableSpec): string {
    const created = this.createTableFrom({
      TableName: spec.name,
      KeySchema: [{ AttributeName: spec.partitionKey, KeyType: 'HASH' }],
      AttributeDefinitions: [
        { AttributeName: spec.partitionKey, AttributeType: spec.partitionKeyType ?? 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
    return created.arn;
  }

  /** Every item of a table, in the order first written, as stored. */
  items(table: string): AttributeMap[] {
    return [...this.table(table).items.values()];
  }

  /** Stores an item as given, bypassing every check but the key's: for items no client would write. */
  seedItem(table: string, item: AttributeMap): void {
    const found = this.table(table);
    found.items.set(keyOf(found, item[found.keyName]), item);
  }

  dispatch(operation: string, input: Record<string, unknown>): Record<string, unknown> {
    switch (operation) {
      case 'CreateTable':
        return { TableDescription: describeTable(this.createTableFrom(input), 'CREATING') };
      case 'DescribeTable':
        return { Table: describeTable(this.describedTable(input)) };
      case 'GetItem':
        return this.getItem(input);
      case 'PutItem':
        return this.putItem(input);
      default:
        throw CoralError.unknownOperation();
    }
  }

  private createTableFrom(input: Record<string, unknown>): Table {
    const table = tableFromCreateInput(input, {
      region: this.region,
      accountId: this.accountId,
      nowMs: this.now(),
    });
    if (this.tables.has(table.name)) {
      throw new JsonError(
        `${DYNAMODB_NAMESPACE}#ResourceInUseException`,
        `Table already exists: ${table.name}`,
      );
    }
    this.tables.set(table.name, table);
    return table;
  }

  private describedTable(input: Record<string, unknown>): Table {
    const name = tableName(input);
    const table = this.tables.get(name);
    if (table === undefined) {
      // DescribeTable names the table; the item operations do not.
      throw new JsonError(
        `${DYNAMODB_NAMESPACE}#ResourceNotFoundException`,
        `Requested resource not found: Table: ${name} not found`,
      );
    }
    return table;
  }

  private getItem(input: Record<string, unknown>): Record<string, unknown> {
    refuseUnsupported(input, ['ProjectionExpression', 'AttributesToGet', 'ExpressionAttributeNames']);
    const key = parseAttributeMap(input['Key'] ?? {});
    const table = this.table(tableName(input));
    const keyValue = key[table.keyName];
    if (Object.keys(key).length !== 1 || keyValue === undefined || typeOf(keyValue) !== table.keyType) {
      throw CoralError.validation('The provided key element does not match the schema');
    }
    const item = table.items.get(keyOf(table, keyValue));
    return item === undefined ? {} : { Item: item };
  }

  private putItem(input: Record<string, unknown>): Record<string, unknown> {
    refuseUnsupported(input, ['Expected', 'ConditionalOperator']);
    const returnValues = choice(input, 'ReturnValues', ['NONE', 'ALL_OLD']);
    const onFailure = choice(input, 'ReturnValuesOnConditionCheckFailure', ['NONE', 'ALL_OLD']);
    const item = parseAttributeMap(input['Item'] ?? {});
    const condition = conditionOf(input);
    const table = this.table(tableName(input));
    const keyValue = item[table.keyName];
    if (keyValue === undefined) {
      throw CoralError.validation(
        `One or more parameter values were invalid: Missing the key ${table.keyName} in the item`,
      );
    }
    if (typeOf(keyValue) !== table.keyType) {
      throw CoralError.validation(
        `One or more parameter values were invalid: Type mismatch for key ${table.keyName} ` +
          `expected: ${table.keyType} actual: ${typeOf(keyValue)}`,
      );
    }
    if (itemSizeBytes(item) > MAX_ITEM_BYTES) {
      throw CoralError.validation('Item size has exceeded the maximum allowed size');
    }
    const key = keyOf(table, keyValue);
    const existing = table.items.get(key);
    if (condition !== undefined && !evaluateCondition(condition, existing)) {
      const members = onFailure === 'ALL_OLD' && existing !== undefined ? { Item: existing } : {};
      throw new JsonError(
        `${DYNAMODB_NAMESPACE}#ConditionalCheckFailedException`,
        'The conditional request failed',
        400,
        members,
      );
    }
    table.items.set(key, item);
    return returnValues === 'ALL_OLD' && existing !== undefined ? { Attributes: existing } : {};
  }

  private table(name: string): Table {
    const table = this.tables.get(name);
    if (table === undefined) throw tableNotFound();
    return table;
  }
}

/** The condition of a PutItem, with its names and values; DynamoDB refuses either without the other. */
function conditionOf(input: Record<string, unknown>): Condition | undefined {
  const expression = input['ConditionExpression'];
  const names = input['ExpressionAttributeNames'];
  const values = input['ExpressionAttributeValues'];
  if (expression === undefined) {
    if (names !== undefined) {
      throw CoralError.validation('ExpressionAttributeNames can only be specified when using expressions');
    }
    if (values !== undefined) {
      throw CoralError.validation(
        'ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null',
      );
    }
    return undefined;
  }
  if (typeof expression !== 'string') throw CoralError.serialization('ConditionExpression must be a string');
  if (
    names !== undefined &&
    (typeof names !== 'object' || names === null || Object.keys(names).length === 0)
  ) {
    throw CoralError.validation('ExpressionAttributeNames must not be empty');
  }
  if (
    values !== undefined &&
    (typeof values !== 'object' || values === null || Object.keys(values).length === 0)
  ) {
    throw CoralError.validation('ExpressionAttributeValues must not be empty');
  }
  const nameMap = Object.fromEntries(
    Object.entries((names ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
  );
  return parseCondition({ expression, names: nameMap, values: parseAttributeMap(values ?? {}) });
}

/** The item map's key for a key value: numbers by value, so `1` and `1.0` are one item. */
function keyOf(table: Table, value: AttributeValue | undefined): string {
  if (value === undefined) throw new Error(`an item of ${table.name} needs its key ${table.keyName}`);
  if ('N' in value) return `N:${Number(value.N)}`;
  if ('S' in value) {
    if (value.S === '') {
      throw CoralError.validation(
        'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain ' +
          `an empty string value. Key: ${table.keyName}`,
      );
    }
    return `S:${value.S}`;
  }
  if ('B' in value) return `B:${value.B}`;
  throw CoralError.validation('The provided key element does not match the schema');
}

/** An enum parameter, defaulting to `NONE`. */
function choice(input: Record<string, unknown>, member: string, allowed: readonly string[]): string {
  const value = input[member] ?? 'NONE';
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw CoralError.validation(`${member} can only be ${allowed.join(' or ')}; got: ${String(value)}`);
  }
  return value;
}

/** Parameters DynamoDB has and the emulator does not model: refused, never ignored. */
function refuseUnsupported(input: Record<string, unknown>, members: readonly string[]): void {
  const given = members.filter((member) => input[member] !== undefined);
  if (given.length > 0) {
    throw CoralError.validation(`not supported by the lab emulator: ${given.join(', ')}`);
  }
}
