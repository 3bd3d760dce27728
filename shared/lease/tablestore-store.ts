import { ComparatorType, Condition, Long, RowExistenceExpectation, SingleColumnCondition } from 'tablestore';
import type { Client } from 'tablestore';
import { LeaseStoreError } from './errors';
import { LeaseColumn, OtsErrorCode } from './tablestore-constants';
import { tablestoreFailureOf } from './tablestore-error';
import { InvalidLeaseRowError, leaseColumns, leaseRecordOf } from './tablestore-record';
import type { LeaseStore } from './types';

/** The calls the store makes, and where the SDK keeps the keys it must never repeat in an error. */
export type TablestoreLeaseClient = Pick<Client, 'getRow' | 'putRow'> & Partial<Pick<Client, 'config'>>;

export interface TablestoreLeaseStoreOptions {
  readonly instance: string;
  readonly table: string;
  /**
   * The longest one call may take, whatever the socket does; then it rejects with code `Timeout`.
   * Default 5000. Give the SDK's socket timeout a little less, so that its own error usually wins.
   */
  readonly callTimeoutMs?: number;
}

const DEFAULT_CALL_TIMEOUT_MS = 5000;

/**
 * A `LeaseStore` on one Tablestore table whose primary key is `pool` (STRING). The compare-and-set is
 * one conditional `PutRow`: the row must not exist (a first lease), or must exist with `version` equal
 * to the one read. Tablestore checks the condition and writes the row atomically (Tablestore docs,
 * "Conditional update"), so of two runs that read version 4, exactly one writes version 5.
 *
 * A rejected compareAndSet does not say nothing was written: after a timeout or a lost answer the
 * PutRow may have landed. Only `false` (`OTSConditionCheckFail`) says it did not; after a rejection,
 * read again before deciding.
 */
export function createTablestoreLeaseStore(
  client: TablestoreLeaseClient,
  options: TablestoreLeaseStoreOptions,
): LeaseStore {
  const id = `tablestore ${options.instance}/${options.table}`;
  const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const primaryKey = (pool: string) => [{ [LeaseColumn.Pool]: pool }];

  // The SDK takes no abort signal: a call given up at the deadline is raced away, its answer ignored.
  const call = async <T>(action: string, send: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    if (signal?.aborted) throw abandoned(action);
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(abandoned(action));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new LeaseStoreError(id, OtsErrorCode.CallTimeout, `${action}: no answer in ${callTimeoutMs} ms`),
          ),
        callTimeoutMs,
      );
    });
    try {
      return await Promise.race([send(), deadline, aborted]);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  };
  const abandoned = (action: string) =>
    new LeaseStoreError(id, 'DeadlineExceeded', `${action}: abandoned at the invocation's deadline`);

  const storeError = (action: string, error: unknown): LeaseStoreError => {
    if (error instanceof LeaseStoreError) return error;
    const failure = tablestoreFailureOf(error);
    const message = redact(`${action}: ${failure.message}`, secretsOf(client));
    return new LeaseStoreError(id, failure.code, message, { cause: error });
  };

  return {
    id,
    async read(pool, signal) {
      let row;
      try {
        ({ row } = await call(
          'GetRow',
          () => client.getRow({ tableName: options.table, primaryKey: primaryKey(pool), maxVersions: 1 }),
          signal,
        ));
      } catch (error) {
        throw storeError('GetRow', error);
      }
      try {
        return leaseRecordOf(pool, row);
      } catch (error) {
        if (!(error instanceof InvalidLeaseRowError)) throw error;
        throw new LeaseStoreError(id, OtsErrorCode.InvalidRecord, `pool ${pool}: ${error.message}`, {
          cause: error,
        });
      }
    },
    async compareAndSet(expectedVersion, next, signal) {
      const condition =
        expectedVersion === undefined
          ? new Condition(RowExistenceExpectation.EXPECT_NOT_EXIST)
          : new Condition(
              RowExistenceExpectation.EXPECT_EXIST,
              // passIfMissing false: a row without `version` is not "at" any version.
              new SingleColumnCondition(
                LeaseColumn.Version,
                Long.fromNumber(expectedVersion),
                ComparatorType.EQUAL,
                false,
              ),
            );
      try {
        await call(
          'PutRow',
          () =>
            client.putRow({
              tableName: options.table,
              condition,
              primaryKey: primaryKey(next.pool),
              attributeColumns: leaseColumns(next),
            }),
          signal,
        );
        return true;
      } catch (error) {
        const failure = storeError('PutRow', error);
        if (failure.code === OtsErrorCode.ConditionCheckFail) return false;
        throw failure;
      }
    },
  };
}

function secretsOf(client: TablestoreLeaseClient): string[] {
  const credentials = client.config?.getCredentials();
  return [credentials?.secretAccessKey, credentials?.securityToken].filter(
    (secret): secret is string => typeof secret === 'string' && secret.length >= 8,
  );
}

/**
 * The service's messages do not echo credentials today; a proxy, a future SDK or a changed message
 * could. The message of a `LeaseStoreError` is logged and alerted, so the keys are taken out anyway.
 */
function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}
