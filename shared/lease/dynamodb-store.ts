import { ConditionalCheckFailedException, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { decodeLeaseItem, encodeLeaseItem, sameLeaseItem } from './dynamodb-item';
import { LeaseStoreError } from './errors';
import type { LeaseRecord, LeaseStore } from './types';

/** Where the leases live. */
export interface DynamoDbLeaseStoreOptions {
  /** The table the stack creates (`LEASE_TABLE`), keyed by `pool` (S). */
  table: string;
  /** Only names the store in its `id`; the client decides where calls go. */
  region?: string;
}

type Operation = 'GetItem' | 'PutItem';

/**
 * The lease store on DynamoDB: a strongly consistent `GetItem`, and one conditional `PutItem` per
 * compare-and-set. Give it a client from `createDynamoDbClient`, whose calls are bounded in time.
 */
export function createDynamoDbLeaseStore(
  client: DynamoDBClient,
  options: DynamoDbLeaseStoreOptions,
): LeaseStore {
  const TableName = options.table;
  const id = `dynamodb ${options.region === undefined ? '' : `${options.region}/`}${TableName}`;

  async function call<T>(operation: Operation, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw storeError(id, operation, error);
    }
  }

  return {
    id,
    async read(pool: string, signal?: AbortSignal): Promise<LeaseRecord | undefined> {
      const { Item } = await call('GetItem', () =>
        client.send(
          new GetItemCommand({ TableName, Key: { pool: { S: pool } }, ConsistentRead: true }),
          signal ? { abortSignal: signal } : {},
        ),
      );
      if (Item === undefined) return undefined;
      const decoded = decodeLeaseItem(Item);
      if ('problems' in decoded) {
        throw new LeaseStoreError(id, 'MalformedItem', `the item of ${pool}: ${decoded.problems.join('; ')}`);
      }
      return decoded.record;
    },

    async compareAndSet(
      expectedVersion: number | undefined,
      next: LeaseRecord,
      signal?: AbortSignal,
    ): Promise<boolean> {
      const Item = encodeLeaseItem(next);
      try {
        await client.send(
          new PutItemCommand({
            TableName,
            Item,
            ...(expectedVersion === undefined
              ? {
                  ConditionExpression: 'attribute_not_exists(#pool)',
                  ExpressionAttributeNames: { '#pool': 'pool' },
                }
              : {
                  ConditionExpression: '#version = :expected',
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':expected': { N: String(expectedVersion) } },
                }),
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
          signal ? { abortSignal: signal } : {},
        );
        return true;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw storeError(id, 'PutItem', error);
        // The SDK retries a write whose answer was lost (a timeout, a 500):
        // 1. attempt 1 writes `next`, and its answer never arrives;
        // 2. attempt 2 finds version `next.version` where it expected `expectedVersion`, and fails.
        // The item as it was when attempt 2 failed tells the two cases apart: if it is exactly `next`,
        // the write that won was ours. Any other writer would have changed at least the version.
        return error.Item !== undefined && sameLeaseItem(error.Item, Item);
      }
    },
  };
}

/**
 * A failed call as a `LeaseStoreError` whose code is the error's name (`ThrottlingException`,
 * `TimeoutError`, ...). The message gives the operation, HTTP status, attempts and request id only:
 * never the service's message, which can quote the request.
 */
function storeError(id: string, operation: Operation, error: unknown): LeaseStoreError {
  const code = error instanceof Error ? error.name : 'UnknownError';
  const metadata = metadataOf(error);
  const details = [
    metadata.httpStatusCode === undefined ? undefined : `HTTP ${metadata.httpStatusCode}`,
    metadata.attempts === undefined ? undefined : `${metadata.attempts} attempt(s)`,
    metadata.requestId === undefined ? undefined : `request id ${metadata.requestId}`,
  ].filter((detail) => detail !== undefined);
  const message = `${operation} failed${details.length === 0 ? '' : ` (${details.join(', ')})`}`;
  return new LeaseStoreError(id, code, message, { cause: error });
}

function metadataOf(error: unknown): { httpStatusCode?: number; attempts?: number; requestId?: string } {
  if (typeof error !== 'object' || error === null || !('$metadata' in error)) return {};
  const metadata = error.$metadata;
  if (typeof metadata !== 'object' || metadata === null) return {};
  const { httpStatusCode, attempts, requestId } = metadata as Record<string, unknown>;
  return {
    ...(typeof httpStatusCode === 'number' ? { httpStatusCode } : {}),
    ...(typeof attempts === 'number' ? { attempts } : {}),
    ...(typeof requestId === 'string' ? { requestId } : {}),
  };
}
