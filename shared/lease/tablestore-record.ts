import * as v from 'valibot';
import { Long } from 'tablestore';
import type { AttributeInput, ColumnValue, DecodedRow } from 'tablestore';
import { LeaseIntentsSchema, leaseIntentsJson } from './intents-schema';
import { LeaseColumn } from './tablestore-constants';
import type { LeaseIntent, LeaseRecord } from './types';

/**
 * The attribute columns of a record. The two numbers go as INTEGER (`TableStore.Long`): a plain JS
 * number would be written as DOUBLE (`writeColumnValue` in `lib/protocol/plain_buffer_coded_stream.js`),
 * and `version` must be of the same type as the INTEGER the compare-and-set's condition names.
 */
export function leaseColumns(record: LeaseRecord): AttributeInput {
  return [
    { [LeaseColumn.Owner]: record.owner },
    { [LeaseColumn.ExpiresAtMs]: Long.fromNumber(record.expiresAtMs) },
    { [LeaseColumn.Version]: Long.fromNumber(record.version) },
    { [LeaseColumn.Intents]: leaseIntentsJson(record.intents) },
  ];
}

/** Why a stored row is not a lease record; the store wraps it in a `LeaseStoreError`. */
export class InvalidLeaseRowError extends Error {
  override readonly name = 'InvalidLeaseRowError';
}

/**
 * The record a `GetRow` answered, or `undefined` for no row (the SDK decodes a missing row as `{}`).
 * Every column is checked: a row written by hand, or by another version of this code, is refused
 * rather than guessed at, since a wrong `version` would let a compare-and-set pass that should not.
 */
export function leaseRecordOf(pool: string, row: Partial<DecodedRow>): LeaseRecord | undefined {
  if (row.primaryKey === undefined || row.primaryKey.length === 0) return undefined;
  const key = row.primaryKey[0];
  if (row.primaryKey.length !== 1 || key?.name !== LeaseColumn.Pool || key.value !== pool) {
    throw new InvalidLeaseRowError(`the row's primary key is not (${LeaseColumn.Pool}: the pool asked for)`);
  }
  const columns = new Map<string, ColumnValue | null>();
  for (const { columnName, columnValue } of row.attributes ?? []) {
    // maxVersions 1 answers one cell per column; a second would be an older version: keep the first.
    if (!columns.has(columnName)) columns.set(columnName, columnValue);
  }
  const owner = columns.get(LeaseColumn.Owner);
  if (typeof owner !== 'string') throw invalid(LeaseColumn.Owner, 'a STRING');
  const expiresAtMs = integerOf(columns.get(LeaseColumn.ExpiresAtMs), LeaseColumn.ExpiresAtMs);
  const version = integerOf(columns.get(LeaseColumn.Version), LeaseColumn.Version);
  const intentsText = columns.get(LeaseColumn.Intents);
  if (typeof intentsText !== 'string') throw invalid(LeaseColumn.Intents, 'a STRING');
  let intents: LeaseIntent[];
  try {
    intents = v.parse(LeaseIntentsSchema, JSON.parse(intentsText));
  } catch (error) {
    throw new InvalidLeaseRowError(`column ${LeaseColumn.Intents}: not a JSON list of intents`, {
      cause: error,
    });
  }
  return { pool, owner, expiresAtMs, version, intents };
}

function integerOf(value: ColumnValue | null | undefined, column: string): number {
  // INTEGER cells decode as int64-buffer's Int64LE; anything else (DOUBLE, STRING, missing) is refused.
  if (value === null || value === undefined || typeof value !== 'object' || Buffer.isBuffer(value)) {
    throw invalid(column, 'an INTEGER');
  }
  const n = value.toNumber();
  if (!Number.isSafeInteger(n) || n < 0) throw invalid(column, 'a non-negative safe INTEGER');
  return n;
}

function invalid(column: string, what: string): InvalidLeaseRowError {
  return new InvalidLeaseRowError(`column ${column}: not ${what}`);
}
