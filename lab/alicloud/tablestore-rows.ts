import { PlainBufferBuilder, PlainBufferCodedInputStream, PlainBufferInputStream } from 'tablestore';
import type { ColumnValue, DecodedRow, Int64 } from 'tablestore';
import { otsErrors } from './tablestore-protocol';

/**
 * PlainBuffer, Tablestore's row encoding, through the `tablestore` package's own codec
 * (`lib/protocol/plain_buffer_coded_stream.js`, `plian_buffer_builder.js`): what the SDK writes is read
 * back by the code that wrote it, and rows go out in the bytes the SDK will parse.
 */

/** A primary key column's value: STRING, INTEGER (int64-buffer) or BINARY. */
export type PrimaryKeyValue = string | Int64 | Buffer;

/** One row as the emulator keeps it: the latest cell of each column (tables here keep one version). */
export interface StoredRow {
  readonly primaryKey: readonly { readonly name: string; readonly value: PrimaryKeyValue }[];
  readonly columns: ReadonlyMap<string, { readonly value: ColumnValue; readonly timestamp: number }>;
}

/** Decodes a PlainBuffer row (a PutRow's `row`, a GetRow's `primary_key`); bad bytes are a bad parameter. */
export function decodePlainBufferRow(bytes: Uint8Array): DecodedRow {
  const buffer = Buffer.from(bytes);
  try {
    const input = new PlainBufferInputStream({ buffer, offset: 0, limit: buffer.length });
    return new PlainBufferCodedInputStream(input).readRow();
  } catch (error) {
    throw otsErrors.parameterInvalid(`Invalid PlainBuffer row: ${(error as Error).message}`);
  }
}

/** Decodes a condition's column value: a type byte, then the value (`writeColumnValue`). */
export function decodeColumnValue(bytes: Uint8Array): ColumnValue {
  const buffer = Buffer.from(bytes);
  try {
    const input = new PlainBufferInputStream({ buffer, offset: 0, limit: buffer.length });
    return new PlainBufferCodedInputStream(input).readSearchVariant();
  } catch (error) {
    throw otsErrors.parameterInvalid(`Invalid column value in condition: ${(error as Error).message}`);
  }
}

/** Encodes a row as GetRow answers it: primary key, then each column with its timestamp. */
export function encodePlainBufferRow(row: StoredRow): Buffer {
  return PlainBufferBuilder.serializeForPutRow(
    row.primaryKey.map(({ name, value }) => ({ [name]: value })),
    [...row.columns].map(([name, { value, timestamp }]) => ({ [name]: value, timestamp })),
  );
}

/** The key rows are filed under: each primary key value with its type, so `'1'` and `1` differ. */
export function rowKey(primaryKey: StoredRow['primaryKey']): string {
  return JSON.stringify(
    primaryKey.map(({ value }) =>
      typeof value === 'string'
        ? ['s', value]
        : Buffer.isBuffer(value)
          ? ['b', value.toString('base64')]
          : ['i', value.toString()],
    ),
  );
}

/** The type name Tablestore gives a value, for schema checks and comparisons. */
export function columnType(value: ColumnValue): 'STRING' | 'INTEGER' | 'DOUBLE' | 'BOOLEAN' | 'BINARY' {
  if (typeof value === 'string') return 'STRING';
  if (typeof value === 'number') return 'DOUBLE';
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (Buffer.isBuffer(value)) return 'BINARY';
  return 'INTEGER';
}
