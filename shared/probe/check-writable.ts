import type { WritableChecker } from './writable-check';
import { checkMysqlWritable } from './writable-mysql';
import { checkPostgresWritable } from './writable-postgres';

/**
 * The writability check on the wire: mysql2 for MySQL and MariaDB, pg for PostgreSQL. A bundle whose
 * bindings ask for no writability check carries `check-writable.absent.ts` instead, and neither driver
 * (`bin/bundling/options.ts`).
 */
export const checkWritable: WritableChecker = (address, options) =>
  options.protocol === 'mysql'
    ? checkMysqlWritable(address, options)
    : checkPostgresWritable(address, options);
