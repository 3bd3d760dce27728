/**
 * The part of the untyped `tablestore` package (5.6.x) this project touches, written from its source:
 * `lib/client.js`, `lib/config.js`, `lib/filter.js`, `lib/long.js`, `lib/protocol/*`. Only what is used
 * is declared, so a wrong guess about the package shows up as a type error here and not as `any` there.
 */
declare module 'tablestore' {
  /** int64-buffer's `Int64LE`, what `TableStore.Long` makes and the PlainBuffer decoder returns. */
  export interface Int64 {
    toNumber(): number;
    toString(radix?: number): string;
    toBuffer(): Buffer;
  }

  export const Long: {
    fromNumber(value: number): Int64;
    fromString(value: string): Int64;
  };

  /** `lib/filter.js`: the protobuf enum values. */
  export const RowExistenceExpectation: {
    readonly IGNORE: 0;
    readonly EXPECT_EXIST: 1;
    readonly EXPECT_NOT_EXIST: 2;
  };
  export const ComparatorType: {
    readonly EQUAL: 1;
    readonly NOT_EQUAL: 2;
    readonly GREATER_THAN: 3;
    readonly GREATER_EQUAL: 4;
    readonly LESS_THAN: 5;
    readonly LESS_EQUAL: 6;
  };
  export const LogicalOperator: { readonly NOT: 1; readonly AND: 2; readonly OR: 3 };
  export const PrimaryKeyType: { readonly INTEGER: 1; readonly STRING: 2; readonly BINARY: 3 };

  export type ColumnValue = string | number | boolean | Buffer | Int64;

  export class ColumnCondition {
    getType(): number;
  }
  export class SingleColumnCondition extends ColumnCondition {
    constructor(
      columnName: string,
      columnValue: ColumnValue,
      comparator: number,
      passIfMissing?: boolean,
      latestVersionOnly?: boolean,
    );
  }
  export class CompositeCondition extends ColumnCondition {
    constructor(combinator: number);
    addSubCondition(condition: ColumnCondition): void;
  }
  /** Not a ColumnCondition in the JS, but the encoder takes one where a column condition goes. */
  export class ColumnPaginationFilter extends ColumnCondition {
    constructor(limit?: number, offset?: number);
  }
  export class Condition {
    constructor(rowExistenceExpectation: number, columnCondition?: ColumnCondition | null);
    getRowExistenceExpectation(): number;
  }

  /** `{ name: value }`, one key per entry, in key order. */
  export type PrimaryKeyInput = readonly Readonly<Record<string, ColumnValue>>[];
  /** `{ name: value }`, or `{ name: value, timestamp }` for a cell version. */
  export type AttributeInput = readonly Readonly<Record<string, ColumnValue>>[];

  /** A row as `PlainBufferCodedInputStream.readRow` returns it. */
  export interface DecodedRow {
    primaryKey: { name: string; value: string | Int64 | Buffer }[];
    attributes: { columnName: string; columnValue: ColumnValue | null; timestamp: Int64 | null }[];
  }

  export interface GetRowParams {
    tableName: string;
    primaryKey: PrimaryKeyInput;
    maxVersions?: number;
  }
  export interface GetRowResult {
    /** `{}` when the row does not exist. */
    row: Partial<DecodedRow>;
    RequestId?: string;
  }
  export interface PutRowParams {
    tableName: string;
    condition: Condition;
    primaryKey: PrimaryKeyInput;
    attributeColumns: AttributeInput;
  }
  export interface CreateTableParams {
    tableMeta: {
      tableName: string;
      primaryKey: readonly { name: string; type: 'STRING' | 'INTEGER' | 'BINARY' }[];
    };
    reservedThroughput: { capacityUnit: { read: number; write: number } };
    tableOptions: { timeToLive: number; maxVersions: number };
  }
  export interface DescribeTableResult {
    tableMeta: { tableName: string; primaryKey: { name: string; type: number }[] };
    tableOptions: { timeToLive?: number; maxVersions?: number };
    tableStatus: number;
  }

  export interface ClientConfig {
    endpoint: string;
    instancename: string;
    accessKeyId: string;
    accessKeySecret: string;
    securityToken?: string;
    /** Read into a process-wide retry policy (`lib/request.js`), not into this client. */
    maxRetries?: number;
    /** `timeout`: the socket's idle timeout in ms (`lib/http/node.js`); 0 is none. */
    httpOptions?: { timeout?: number; maxSockets?: number };
  }

  /** The error every call rejects with, from `TableStore.util.error`. */
  export interface SdkError extends Error {
    /** An OTS code, `NetworkingError`, `TimeoutError`, or the HTTP status (see `tablestore-error.ts`). */
    code?: string | number;
  }

  export class Client {
    constructor(config: ClientConfig);
    readonly config: {
      getCredentials(): {
        accessKeyId?: string | null;
        secretAccessKey?: string | null;
        securityToken?: string | null;
      };
    };
    getRow(params: GetRowParams): Promise<GetRowResult>;
    putRow(params: PutRowParams): Promise<unknown>;
    createTable(params: CreateTableParams): Promise<unknown>;
    describeTable(params: { tableName: string }): Promise<DescribeTableResult>;
    deleteTable(params: { tableName: string }): Promise<unknown>;
    listTable(params: Record<string, never>): Promise<{ tableNames: string[] }>;
  }

  /** `lib/signer.js`: signs an `HttpRequest` in place (the lab checks its own verifier against it). */
  export class Signer {
    constructor(request: { path: string; method: string; headers: Record<string, string> });
    addAuthorization(
      credentials: { accessKeyId: string; secretAccessKey: string; securityToken?: string },
      date: Date,
    ): void;
    stringToSign(): string;
  }

  /** `lib/protocol/plian_buffer_builder.js` (sic). */
  export const PlainBufferBuilder: {
    serializeForPutRow(primaryKey: PrimaryKeyInput, attributeColumns: AttributeInput): Buffer;
    serializePrimaryKey(primaryKey: PrimaryKeyInput): Buffer;
    serializeColumnValue(value: ColumnValue): Buffer;
  };

  export class PlainBufferInputStream {
    constructor(data: { buffer: ArrayBufferLike | Buffer; offset: number; limit: number });
    isAtEnd(): boolean;
  }
  export class PlainBufferCodedInputStream {
    constructor(stream: PlainBufferInputStream);
    readRow(): DecodedRow;
    /** A type byte then the value: how a condition's column value is serialized. */
    readSearchVariant(): ColumnValue;
  }
}

declare module 'tablestore/lib/protocol/tablestore_compiled_proto.js' {
  /** A protobufjs static message class from the package's compiled `.proto` files. */
  export interface ProtoMessage<T> {
    encode(message: T): { finish(): Uint8Array };
    decode(bytes: Uint8Array): T;
    create(properties: T): T;
    verify(message: object): string | null;
  }

  export interface ErrorBody {
    code: string;
    message?: string;
  }
  export interface CapacityUnit {
    read?: number;
    write?: number;
  }
  export interface PrimaryKeySchema {
    name: string;
    type: number;
    option?: number;
  }
  export interface TableMeta {
    tableName: string;
    primaryKey: PrimaryKeySchema[];
    definedColumn?: unknown[];
    indexMeta?: unknown[];
  }
  export interface TableOptions {
    timeToLive?: number;
    maxVersions?: number;
    deviationCellVersionInSec?: number | object;
  }
  export interface CreateTableRequest {
    tableMeta: TableMeta;
    reservedThroughput: { capacityUnit: CapacityUnit };
    tableOptions?: TableOptions;
    partitions?: unknown[];
    streamSpec?: unknown;
    indexMetas?: unknown[];
  }
  export interface DescribeTableRequest {
    tableName: string;
  }
  export interface DescribeTableResponse {
    tableMeta: TableMeta;
    reservedThroughputDetails: {
      capacityUnit: CapacityUnit;
      lastIncreaseTime: number | object;
      lastDecreaseTime?: number | object;
    };
    tableOptions: TableOptions;
    tableStatus: number;
  }
  export interface ListTableResponse {
    tableNames: string[];
  }
  export interface Condition {
    rowExistence: number;
    columnCondition?: Uint8Array;
  }
  export interface GetRowRequest {
    tableName: string;
    primaryKey: Uint8Array;
    columnsToGet?: string[];
    timeRange?: unknown;
    maxVersions?: number;
    filter?: Uint8Array;
    startColumn?: string;
    endColumn?: string;
    token?: Uint8Array;
    transactionId?: string;
  }
  export interface GetRowResponse {
    consumed: { capacityUnit: CapacityUnit };
    row: Uint8Array;
  }
  export interface PutRowRequest {
    tableName: string;
    row: Uint8Array;
    condition: Condition;
    returnContent?: { returnType?: number };
    transactionId?: string;
  }
  export interface PutRowResponse {
    consumed: { capacityUnit: CapacityUnit };
    row?: Uint8Array;
  }
  export interface Filter {
    type: number;
    filter: Uint8Array;
  }
  export interface SingleColumnValueFilter {
    comparator: number;
    columnName: string;
    columnValue: Uint8Array;
    filterIfMissing: boolean;
    latestVersionOnly: boolean;
  }

  export const main: {
    proto: {
      Error: ProtoMessage<ErrorBody>;
      CreateTableRequest: ProtoMessage<CreateTableRequest>;
      CreateTableResponse: ProtoMessage<Record<string, never>>;
      DescribeTableRequest: ProtoMessage<DescribeTableRequest>;
      DescribeTableResponse: ProtoMessage<DescribeTableResponse>;
      ListTableRequest: ProtoMessage<Record<string, never>>;
      ListTableResponse: ProtoMessage<ListTableResponse>;
      GetRowRequest: ProtoMessage<GetRowRequest>;
      GetRowResponse: ProtoMessage<GetRowResponse>;
      PutRowRequest: ProtoMessage<PutRowRequest>;
      PutRowResponse: ProtoMessage<PutRowResponse>;
    };
  };
  export interface CompositeColumnValueFilter {
    combinator: number;
    subFilters: Filter[];
  }

  export const filter: {
    proto: {
      Filter: ProtoMessage<Filter>;
      CompositeColumnValueFilter: ProtoMessage<CompositeColumnValueFilter>;
      SingleColumnValueFilter: ProtoMessage<SingleColumnValueFilter>;
    };
  };
}
