import type { WritableChecker } from './writable-check';

/**
 * The writability check on the wire: mysql2 for MySQL and MariaDB, pg for PostgreSQL. A bundle whose
 * bindings ask for no writability check carries `check-writable.absent.ts` instead, and neither driver
 * (`bin/bundling/options.ts`).
 *
 * Each driver is loaded by its first check, not when the function starts: together they double the
 * bundle's module-init time, which every cold start would pay for a check that runs about once per
 * failover. (esbuild keeps an import() inside the one-file bundle, as a module it initialises on demand.)
 */
export const checkWritable: WritableChecker = async (address, options) => {
  if (options.protocol === 'mysql') {
    const { checkMysqlWritable } = await import('./writable-mysql.js');
    return checkMysqlWritable(address, options);
  }
  const { checkPostgresWritable } = await import('./writable-postgres.js');
  return checkPostgresWritable(address, options);
};
