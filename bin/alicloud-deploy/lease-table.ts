import type { Client, CreateTableParams } from 'tablestore';
import { LeaseColumn, OtsErrorCode } from '../../shared/lease/tablestore-constants';
import { tablestoreFailureOf } from '../../shared/lease/tablestore-error';

/** The lease table a deploy makes sure of, and where. */
export interface LeaseTableSpec {
  readonly instance: string;
  /** The endpoint the functions use; the deployer's client may be pointed elsewhere (the lab). */
  readonly endpoint: string;
  readonly table: string;
}

/** The calls the deploy makes on Tablestore. */
export type LeaseTableClient = Pick<Client, 'createTable' | 'describeTable'>;

/** `PrimaryKeyType.STRING` of `tablestore.proto`, as DescribeTable answers it. */
const STRING_KEY = 2;

/**
 * CreateTable for the lease table: key `pool` (STRING); reserved throughput 0/0, so the table is billed
 * by use only (a few reads and writes per failover); one version, since a compare-and-set reads the
 * latest; no TTL (-1), since a record that vanished would let a second run in as if no lease ever was.
 */
export function leaseTableParams(table: string): CreateTableParams {
  return {
    tableMeta: { tableName: table, primaryKey: [{ name: LeaseColumn.Pool, type: 'STRING' }] },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 1 },
  };
}

/** The lease table exists with another key, or Tablestore refused a call: the deploy stops here. */
export class LeaseTableError extends Error {
  override readonly name = 'LeaseTableError';
}

/**
 * Creates the lease table, or checks the one that exists (`OTSObjectAlreadyExist`) has the key the
 * store writes: one call when new, two when not, no race between a read and a create (as `apply.ts`
 * does for Function Compute). Resolves to what it did.
 *
 * Tablestore loads a new table's partitions for a while after CreateTable answers (the CreateTable
 * reference says to wait a few seconds before reading or writing it); the functions are deployed after
 * this, and a lease call that meets `OTSTableNotReady` fails like any other and is retried by the next run.
 */
export async function ensureLeaseTable(
  client: LeaseTableClient,
  spec: LeaseTableSpec,
): Promise<'created' | 'verified'> {
  const where = `Tablestore ${spec.instance}/${spec.table}`;
  try {
    await client.createTable(leaseTableParams(spec.table));
    return 'created';
  } catch (error) {
    const { code, message } = tablestoreFailureOf(error);
    if (code !== OtsErrorCode.ObjectAlreadyExist) {
      throw new LeaseTableError(`${where}: CreateTable failed: ${code}: ${message}${hintFor(code)}`, {
        cause: error,
      });
    }
  }
  let described;
  try {
    described = await client.describeTable({ tableName: spec.table });
  } catch (error) {
    const { code, message } = tablestoreFailureOf(error);
    throw new LeaseTableError(`${where}: DescribeTable failed: ${code}: ${message}`, { cause: error });
  }
  const key = described.tableMeta.primaryKey.map(({ name, type }) => `${name}:${type}`);
  if (key.length !== 1 || key[0] !== `${LeaseColumn.Pool}:${STRING_KEY}`) {
    throw new LeaseTableError(
      `${where} exists with primary key (${described.tableMeta.primaryKey.map((k) => k.name).join(', ')}), ` +
        `not (${LeaseColumn.Pool} STRING): give --lease-table another name`,
    );
  }
  return 'verified';
}

function hintFor(code: string): string {
  if (code === OtsErrorCode.SdkNetworking) {
    return ' (does the instance exist in this region? the deploy does not create instances)';
  }
  if (code === OtsErrorCode.AuthFailed || code === OtsErrorCode.NoPermissionAccess) {
    return ' (the deploying key needs ots:CreateTable and ots:DescribeTable on the table)';
  }
  return '';
}
