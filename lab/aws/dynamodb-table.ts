import type { AttributeMap } from './dynamodb-attributes';
import { itemSizeBytes } from './dynamodb-attributes';
import { CoralError, JsonError } from './json-protocol';

/** The scalar types a key attribute may have. */
export type KeyType = 'S' | 'N' | 'B';

/** One table: its partition key and its items, keyed by `keyOf`. */
export interface Table {
  name: string;
  arn: string;
  keyName: string;
  keyType: KeyType;
  billingMode: 'PAY_PER_REQUEST' | 'PROVISIONED';
  createdAtMs: number;
  items: Map<string, AttributeMap>;
}

/** DynamoDB's own namespace, for the errors that are DynamoDB's rather than the RPC layer's. */
export const DYNAMODB_NAMESPACE = 'com.amazonaws.dynamodb.v20120810';

const TABLE_NAME = /^[a-zA-Z0-9_.-]+$/;
const KEY_TYPES: readonly string[] = ['S', 'N', 'B'];

/** Reads `CreateTable`'s input into a table with no items, refusing what DynamoDB refuses. */
export function tableFromCreateInput(
  input: Record<string, unknown>,
  where: { region: string; accountId: string; nowMs: number },
): Table {
  const name = tableName(input);
  const keySchema = list(input['KeySchema'], 'keySchema');
  const definitions = list(input['AttributeDefinitions'], 'attributeDefinitions');
  const hash = keySchema.filter((element) => element['KeyType'] === 'HASH');
  if (keySchema.some((element) => element['KeyType'] === 'RANGE')) {
    throw CoralError.validation(
      'One or more parameter values were invalid: the lab emulator supports a partition key only',
    );
  }
  const keyName = hash[0]?.['AttributeName'];
  if (hash.length !== 1 || keySchema.length !== 1 || typeof keyName !== 'string') {
    throw CoralError.validation(
      '1 validation error detected: Invalid KeySchema: exactly one HASH key is required',
    );
  }
  const definition = definitions.find((d) => d['AttributeName'] === keyName);
  if (definitions.length !== 1 || definition === undefined) {
    throw CoralError.validation(
      'One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match ' +
        'number of attributes defined in AttributeDefinitions',
    );
  }
  const keyType = definition['AttributeType'];
  if (typeof keyType !== 'string' || !KEY_TYPES.includes(keyType)) {
    throw CoralError.validation(
      `1 validation error detected: Value '${String(keyType)}' at 'attributeDefinitions.1.member.attributeType' ` +
        'failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]',
    );
  }
  return {
    name,
    arn: `arn:aws:dynamodb:${where.region}:${where.accountId}:table/${name}`,
    keyName,
    keyType: keyType as KeyType,
    billingMode: billingMode(input),
    createdAtMs: where.nowMs,
    items: new Map(),
  };
}

/**
 * `TableDescription` as DescribeTable answers it. The lab's tables are usable at once, so they read
 * `ACTIVE`; `CreateTable` itself answers `CREATING`, as AWS does, for a caller that waits on it.
 */
export function describeTable(
  table: Table,
  status: 'CREATING' | 'ACTIVE' = 'ACTIVE',
): Record<string, unknown> {
  return {
    TableName: table.name,
    TableArn: table.arn,
    TableStatus: status,
    KeySchema: [{ AttributeName: table.keyName, KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: table.keyName, AttributeType: table.keyType }],
    // The JSON protocol carries timestamps as epoch seconds.
    CreationDateTime: table.createdAtMs / 1000,
    ItemCount: table.items.size,
    TableSizeBytes: [...table.items.values()].reduce((sum, item) => sum + itemSizeBytes(item), 0),
    BillingModeSummary: { BillingMode: table.billingMode },
    DeletionProtectionEnabled: false,
  };
}

/** `TableName`, checked as DynamoDB's input validation checks it. */
export function tableName(input: Record<string, unknown>): string {
  const name = input['TableName'];
  if (typeof name !== 'string') {
    throw CoralError.validation(
      "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null",
    );
  }
  if (name.length < 3 || name.length > 255) {
    throw CoralError.validation(
      `1 validation error detected: Value '${name}' at 'tableName' failed to satisfy constraint: ` +
        'Member must have length between 3 and 255',
    );
  }
  if (!TABLE_NAME.test(name)) {
    throw CoralError.validation(
      `1 validation error detected: Value '${name}' at 'tableName' failed to satisfy constraint: ` +
        'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+',
    );
  }
  return name;
}

/** What GetItem and PutItem answer for a table that does not exist. */
export function tableNotFound(): JsonError {
  return new JsonError(`${DYNAMODB_NAMESPACE}#ResourceNotFoundException`, 'Requested resource not found');
}

function billingMode(input: Record<string, unknown>): Table['billingMode'] {
  const mode = input['BillingMode'] ?? 'PROVISIONED';
  const throughput = input['ProvisionedThroughput'];
  if (mode === 'PAY_PER_REQUEST') {
    if (throughput !== undefined) {
      throw CoralError.validation(
        'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be ' +
          'specified when BillingMode is PAY_PER_REQUEST',
      );
    }
    return mode;
  }
  if (mode === 'PROVISIONED') {
    if (throughput === undefined) {
      throw CoralError.validation(
        'One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be ' +
          'specified when BillingMode is PROVISIONED',
      );
    }
    return mode;
  }
  throw CoralError.validation(
    `1 validation error detected: Value '${String(mode)}' at 'billingMode' failed to satisfy constraint: ` +
      'Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]',
  );
}

function list(value: unknown, member: string): Record<string, unknown>[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw CoralError.validation(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value.map((element) => (typeof element === 'object' && element !== null ? element : {}));
}
