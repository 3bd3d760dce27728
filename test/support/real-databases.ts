import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The real MariaDB and PostgreSQL servers of the e2e probe tests, from Debian's packages, on loopback.
 * `.ci/run` starts them (`.ci/databases`) and passes what they are in the environment (PROBE_MYSQL_PORT,
 * PROBE_POSTGRES_PORT, PROBE_POSTGRES_STANDBY_PORT, PROBE_DB_USER, PROBE_DB_TLS_USER, PROBE_DB_ADMIN_USER,
 * PROBE_DB_PASSWORD). Without them a test file starts its own when the packages are installed, and skips,
 * saying why, only when they are not and CI is not set: under CI a missing server is a failure.
 */
export interface RealDatabases {
  readonly mysqlPort: number;
  readonly postgresPort: number;
  readonly postgresStandbyPort: number;
  /** A login on both servers, over TLS or not. */
  readonly user: string;
  /** A login on both that the servers let in over TLS only (MariaDB REQUIRE SSL, pg_hba hostssl). */
  readonly tlsUser: string;
  /** MariaDB only: may SET GLOBAL read_only. */
  readonly adminUser: string;
  /** Made by `.ci/databases start`, for all three. */
  readonly password: string;
}

const DATABASES_SCRIPT = join(__dirname, '..', '..', '.ci', 'databases');

/** Reads what `.ci/databases start` printed (or the environment it went into), or undefined. */
export function databasesFrom(vars: Readonly<Record<string, string | undefined>>): RealDatabases | undefined {
  const port = (name: string) => Number(vars[name]);
  const found = {
    mysqlPort: port('PROBE_MYSQL_PORT'),
    postgresPort: port('PROBE_POSTGRES_PORT'),
    postgresStandbyPort: port('PROBE_POSTGRES_STANDBY_PORT'),
    user: vars.PROBE_DB_USER ?? '',
    tlsUser: vars.PROBE_DB_TLS_USER ?? '',
    adminUser: vars.PROBE_DB_ADMIN_USER ?? '',
    password: vars.PROBE_DB_PASSWORD ?? '',
  };
  const ports = [found.mysqlPort, found.postgresPort, found.postgresStandbyPort];
  const names = [found.user, found.tlsUser, found.adminUser, found.password];
  return ports.every((p) => p > 0) && names.every((n) => n !== '') ? found : undefined;
}

/** Why the servers cannot be started here, or undefined when they can. */
export function missingServers(): string | undefined {
  const missing = ['mariadbd', 'mariadb-install-db', 'openssl'].filter((bin) => !onPath(bin));
  if (!hasPostgres()) missing.push('postgresql');
  return missing.length > 0
    ? `real database servers are not installed (${missing.join(', ')}): run \`.ci/databases install\``
    : undefined;
}

function onPath(bin: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${bin} || test -x /usr/sbin/${bin}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
function hasPostgres(): boolean {
  try {
    execFileSync('sh', ['-c', 'ls /usr/lib/postgresql/*/bin/pg_ctl'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The `describe` of a file against the real servers, and how it gets them: given, or started here. */
export function realDatabasesSuite(what: string): {
  readonly suite: jest.Describe;
  /** For beforeAll: the servers, started now when none were given. */
  readonly start: () => RealDatabases;
  /** For afterAll: stops what `start` started. */
  readonly stop: () => void;
} {
  const given = databasesFrom(process.env);
  const absent = given ? undefined : missingServers();
  const underCi = process.env.CI === 'true';
  if (absent && !underCi) console.log(`skipping ${what}: ${absent}`);
  let startedHere: string | undefined;
  let databases = given;
  return {
    // Under CI nothing is skipped: a missing server fails every test, through `start` in beforeAll.
    suite: absent && !underCi ? describe.skip : describe,
    start() {
      if (databases) return databases;
      if (absent) throw new Error(`under CI: ${absent}`);
      // Searchable by the servers' own users, who must reach their data dirs inside.
      startedHere = mkdtempSync(join(tmpdir(), 'probe-databases-'));
      execFileSync('chmod', ['755', startedHere]);
      const exported = execFileSync(DATABASES_SCRIPT, ['start', join(startedHere, 'run')], {
        encoding: 'utf8',
      });
      const vars = Object.fromEntries(
        [...exported.matchAll(/(PROBE_[A-Z_]+)=(\S+)/g)].map((m) => [m[1] ?? '', m[2] ?? '']),
      );
      databases = databasesFrom(vars);
      if (!databases) throw new Error('.ci/databases start printed no complete export line');
      return databases;
    },
    stop() {
      if (startedHere) execFileSync(DATABASES_SCRIPT, ['stop', join(startedHere, 'run')]);
      if (startedHere) execFileSync('rm', ['-rf', startedHere]);
    },
  };
}
