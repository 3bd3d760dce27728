import { main as otsProto } from 'tablestore/lib/protocol/tablestore_compiled_proto.js';
import type {
  ProtoMessage,
  TableMeta,
  TableOptions,
} from 'tablestore/lib/protocol/tablestore_compiled_proto.js';
import type { ColumnValue } from 'tablestore';
import { checkCondition } from './tablestore-condition';
import { OtsFaultInjector } from './tablestore-faults';
import type { OtsFaultKind } from './tablestore-faults';
import { otsErrors } from './tablestore-protocol';
import { columnType, decodePlainBufferRow, encodePlainBufferRow, rowKey } from './tablestore-rows';
import type { StoredRow } from './tablestore-rows';

/** One request the emulator received after authentication, in arrival order. */
export interface OtsCall {
  /** `PutRow`, `GetRow`, ...: the request's path without its `/`. */
  readonly action: string;
  readonly instance: string;
  /** Whether the request carried `x-ots-ststoken`; its value is never kept. */
  readonly securityTokenSent: boolean;
  readonly at: number;
  /** The error code answered, injected faults included. */
  errorCode?: string;
  fault?: OtsFaultKind;
}

/** A table as the emulator keeps it. */
interface Table {
  readonly meta: TableMeta;
  readonly options: Required<Pick<TableOptions, 'timeToLive' | 'maxVersions'>>;
  readonly capacityUnit: { read: number; write: number };
  readonly createdAtSeconds: number;
  readonly rows: Map<string, StoredRow>;
}

export interface TablestoreEmulatorOptions {
  /** Milliseconds since the epoch; defaults to `Date.now`. Stamps cell versions and table creation. */
  now?: () => number;
  faults?: OtsFaultInjector;
}

/** `PrimaryKeyType` of `tablestore.proto`. */
const PK_TYPES: Readonly<Record<number, 'INTEGER' | 'STRING' | 'BINARY'>> = {
  1: 'INTEGER',
  2: 'STRING',
  3: 'BINARY',
};
/** `TableStatus.ACTIVE`. */
const ACTIVE = 1;
/** Table naming rule of the "CreateTable" reference: letters, digits, `_`; not a digit first. */
const TABLE_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,254}$/;
/** Column naming rule, the same with a shorter limit. */
const COLUMN_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,254}$/;
/** The TTL the reference allows besides -1 (forever): a day or more. */
const MIN_TTL_SECONDS = 86_400;

/**
 * Tablestore (the wide-column store, API 2015-12-31) for the lab: instances of tables holding rows, the
 * operations the lease store and the deploy use, conditions evaluated as the service does. Bodies are
 * protobuf through the `tablestore` package's compiled `.proto` files; rows are PlainBuffer.
 */
export class TablestoreEmulator {
  readonly faults: OtsFaultInjector;
  readonly calls: OtsCall[] = [];
  readonly now: () => number;
  private readonly instances = new Map<string, Map<string, Table>>();

  constructor(options: TablestoreEmulatorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.faults = options.faults ?? new OtsFaultInjector();
  }

  /** What the console's "Create instance" does; the API here has no call for it. */
  createInstance(name: string): void {
    if (!this.instances.has(name)) this.instances.set(name, new Map());
  }

  /**
   * Creates a table as CreateTable would (reserved throughput 0/0, one version, no TTL), for a lab that
   * starts with its tables in place. Throws the service's error when it exists.
   */
  seedTable(
    instance: string,
    tableName: string,
    primaryKey: readonly { name: string; type: 'STRING' | 'INTEGER' }[],
  ): void {
    const tables = this.instances.get(instance);
    if (tables === undefined) throw new RangeError(`no instance ${instance}: createInstance first`);
    this.createTable(
      tables,
      encode(otsProto.proto.CreateTableRequest, {
        tableMeta: {
          tableName,
          primaryKey: primaryKey.map(({ name, type }) => ({ name, type: type === 'STRING' ? 2 : 1 })),
        },
        reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
        tableOptions: { timeToLive: -1, maxVersions: 1 },
      }),
    );
  }

  /** The rows of a table, in the order they were first written; none for an unknown table. */
  rowsOf(instance: string, table: string): StoredRow[] {
    return [...(this.instances.get(instance)?.get(table)?.rows.values() ?? [])];
  }

  /** Runs one action against `instance` on its protobuf request body; returns the protobuf response. */
  dispatch(action: string, instance: string, body: Uint8Array): Uint8Array {
    const tables = this.instances.get(instance);
    // Unverified: which code the service answers for an instance that does not exist. The endpoint's
    // host names the instance, so in the cloud such a request mostly fails at DNS instead.
    if (tables === undefined) throw otsErrors.authFailed(`Instance not found: ${instance}.`);
    switch (action) {
      case 'CreateTable':
        return this.createTable(tables, body);
      case 'DescribeTable':
        return this.describeTable(tables, body);
      case 'ListTable':
        return encode(otsProto.proto.ListTableResponse, { tableNames: [...tables.keys()].sort() });
      case 'GetRow':
        return this.getRow(tables, body);
      case 'PutRow':
        return this.putRow(tables, body);
      default:
        throw otsErrors.unsupportedOperation(action);
    }
  }

  private createTable(tables: Map<string, Table>, body: Uint8Array): Uint8Array {
    const request = decode(otsProto.proto.CreateTableRequest, body);
    const { tableName, primaryKey } = request.tableMeta;
    if (!TABLE_NAME.test(tableName)) throw otsErrors.parameterInvalid(`Invalid table name: '${tableName}'.`);
    if (primaryKey.length < 1 || primaryKey.length > 4) {
      throw otsErrors.parameterInvalid('The number of primary key columns must be in range: [1, 4].');
    }
    for (const { name, type } of primaryKey) {
      if (!COLUMN_NAME.test(name)) throw otsErrors.parameterInvalid(`Invalid column name: '${name}'.`);
      if (PK_TYPES[type] === undefined)
        throw otsErrors.parameterInvalid(`Invalid primary key type: ${type}.`);
    }
    const { read = 0, write = 0 } = request.reservedThroughput.capacityUnit;
    if (read < 0 || write < 0) throw otsErrors.parameterInvalid('Reserved throughput must not be negative.');
    const timeToLive = request.tableOptions?.timeToLive;
    const maxVersions = request.tableOptions?.maxVersions;
    if (timeToLive === undefined || maxVersions === undefined) {
      throw otsErrors.parameterInvalid('table_options.time_to_live and max_versions are required.');
    }
    if (timeToLive !== -1 && timeToLive < MIN_TTL_SECONDS) {
      throw otsErrors.parameterInvalid(`TimeToLive must be -1 or at least ${MIN_TTL_SECONDS} seconds.`);
    }
    if (maxVersions < 1) throw otsErrors.parameterInvalid('MaxVersions must be at least 1.');
    if (tables.has(tableName)) throw otsErrors.tableAlreadyExist();
    tables.set(tableName, {
      meta: { tableName, primaryKey: primaryKey.map(({ name, type }) => ({ name, type })) },
      options: { timeToLive, maxVersions },
      capacityUnit: { read, write },
      createdAtSeconds: Math.floor(this.now() / 1000),
      rows: new Map(),
    });
    return encode(otsProto.proto.CreateTableResponse, {});
  }

  private describeTable(tables: Map<string, Table>, body: Uint8Array): Uint8Array {
    const table = tableOf(tables, decode(otsProto.proto.DescribeTableRequest, body).tableName);
    return encode(otsProto.proto.DescribeTableResponse, {
      tableMeta: table.meta,
      reservedThroughputDetails: {
        capacityUnit: table.capacityUnit,
        lastIncreaseTime: table.createdAtSeconds,
      },
      tableOptions: table.options,
      tableStatus: ACTIVE,
    });
  }

  private getRow(tables: Map<string, Table>, body: Uint8Array): Uint8Array {
    const request = decode(otsProto.proto.GetRowRequest, body);
    const table = tableOf(tables, request.tableName);
    // The lab's limits, refused rather than ignored: an ignored filter would answer a row it excludes.
    if (
      request.filter?.length ||
      request.timeRange ||
      request.startColumn ||
      request.endColumn ||
      request.token?.length
    ) {
      throw otsErrors.parameterInvalid('The lab supports GetRow with columns_to_get and max_versions only.');
    }
    if (request.maxVersions === undefined || request.maxVersions < 1) {
      throw otsErrors.parameterInvalid('Neither column time range nor max versions is specified.');
    }
    const primaryKey = checkedPrimaryKey(table, decodePlainBufferRow(request.primaryKey).primaryKey);
    const stored = table.rows.get(rowKey(primaryKey));
    const wanted = request.columnsToGet?.length ? new Set(request.columnsToGet) : undefined;
    const row =
      stored === undefined
        ? new Uint8Array()
        : encodePlainBufferRow({
            primaryKey: stored.primaryKey,
            columns: new Map(
              [...stored.columns].filter(([name]) => wanted === undefined || wanted.has(name)),
            ),
          });
    return encode(otsProto.proto.GetRowResponse, { consumed: { capacityUnit: { read: 1, write: 0 } }, row });
  }

  private putRow(tables: Map<string, Table>, body: Uint8Array): Uint8Array {
    const request = decode(otsProto.proto.PutRowRequest, body);
    const table = tableOf(tables, request.tableName);
    if (request.transactionId)
      throw otsErrors.parameterInvalid('The lab does not support local transactions.');
    const decoded = decodePlainBufferRow(request.row);
    const primaryKey = checkedPrimaryKey(table, decoded.primaryKey);
    const key = rowKey(primaryKey);
    const columns = new Map<string, { value: ColumnValue; timestamp: number }>();
    for (const { columnName, columnValue, timestamp } of decoded.attributes) {
      if (!COLUMN_NAME.test(columnName))
        throw otsErrors.parameterInvalid(`Invalid column name: '${columnName}'.`);
      if (columnValue === null) throw otsErrors.parameterInvalid(`Column '${columnName}' has no value.`);
      if (table.meta.primaryKey.some(({ name }) => name === columnName)) {
        throw otsErrors.parameterInvalid(`Attribute column '${columnName}' is a primary key column.`);
      }
      // Without a timestamp the service stamps the cell with its clock, in milliseconds.
      columns.set(columnName, { value: columnValue, timestamp: timestamp?.toNumber() ?? this.now() });
    }
    // Checked and applied with no await in between: Node runs it whole, which is the service's
    // per-row atomicity, so concurrent writers at one version cannot both pass.
    checkCondition(request.condition, table.rows.get(key));
    table.rows.set(key, { primaryKey, columns });
    return encode(otsProto.proto.PutRowResponse, { consumed: { capacityUnit: { read: 0, write: 1 } } });
  }
}

function tableOf(tables: Map<string, Table>, name: string): Table {
  const table = tables.get(name);
  if (table === undefined) throw otsErrors.tableNotExist();
  return table;
}

/** The request's primary key, if it names the table's key columns, in order, with their types. */
function checkedPrimaryKey(table: Table, given: StoredRow['primaryKey']): StoredRow['primaryKey'] {
  const schema = table.meta.primaryKey;
  if (given.length !== schema.length) throw otsErrors.parameterInvalid('Validate PK size fail.');
  given.forEach(({ name, value }, i) => {
    const column = schema[i];
    if (column === undefined || column.name !== name)
      throw otsErrors.parameterInvalid('Validate PK name fail.');
    if (PK_TYPES[column.type] !== columnType(value))
      throw otsErrors.parameterInvalid('Validate PK type fail.');
  });
  return given;
}

function decode<T>(message: ProtoMessage<T>, body: Uint8Array): T {
  try {
    return message.decode(body);
  } catch (error) {
    throw otsErrors.parameterInvalid(`Failed to parse the request body: ${(error as Error).message}`);
  }
}

function encode<T>(message: ProtoMessage<T>, value: T): Uint8Array {
  return message.encode(message.create(value)).finish();
}
