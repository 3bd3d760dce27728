import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { awsBundle } from '../../bin/bundling/options';
import { admitAddresses } from '../../shared/probe/admission';
import { checkWritable } from '../../shared/probe/check-writable';
import type { LoginReader } from '../../shared/probe/login-reader';
import type { WritableCheckOptions } from '../../shared/probe/writable-check';
import type { ProbeConfig } from '../../shared/core/config-types';
import type { RealDatabases } from '../support/real-databases';
import { realDatabasesSuite } from '../support/real-databases';

/**
 * The writability check against real MariaDB 10.11 and PostgreSQL 15 from Debian's packages, on
 * loopback (.ci/databases): a writable primary, a read-only node (a PostgreSQL streaming standby,
 * MariaDB with `read_only` set), a wrong password, logins that only TLS lets in.
 */
const { suite, start, stop } = realDatabasesSuite('the writability tests against real databases');
let db: RealDatabases;

const IP = '127.0.0.1';
// Recognisable, and nowhere in any server's words: a summary holding it would be caught.
const WRONG_PASSWORD = 'Correct-Horse-Battery-Staple-42';

const options = (
  protocol: 'mysql' | 'postgres',
  overrides: Partial<WritableCheckOptions> = {},
): WritableCheckOptions => ({
  protocol,
  login: { username: db.user, password: db.password },
  tls: 'disable',
  timeoutMs: 20_000,
  call: { deadlineMs: Number.MAX_SAFE_INTEGER },
  now: () => Date.now(),
  ...overrides,
});

suite('the writability check against real MariaDB and PostgreSQL', () => {
  beforeAll(() => {
    db = start();
  }, 180_000);
  afterAll(() => stop(), 60_000);

  it('passes the writable MariaDB and names its version', async () => {
    const result = await checkWritable({ ip: IP, port: db.mysqlPort }, options('mysql'));
    expect(result).toMatchObject({ ok: true, target: `${IP}:${db.mysqlPort}`, protocol: 'mysql' });
    // Debian 12 ships 10.11.x, Debian 13 11.8.x: the version is read, not assumed.
    const version = result.ok ? result.serverVersion : '';
    expect(version).toMatch(/^1\d\.\d+\.\d+-MariaDB/);
    expect(result.summary).toBe(`writable (read_only=0, innodb_read_only=0), server ${version}`);
  });

  it('passes the PostgreSQL primary and names its version', async () => {
    const result = await checkWritable({ ip: IP, port: db.postgresPort }, options('postgres'));
    expect(result).toMatchObject({ ok: true, target: `${IP}:${db.postgresPort}`, protocol: 'postgres' });
    const version = result.ok ? result.serverVersion : '';
    expect(version).toMatch(/^1\d\.\d+ /);
    expect(result.summary).toBe(`writable (pg_is_in_recovery()=false), server ${version}`);
  });

  it('refuses the PostgreSQL standby: it is in recovery', async () => {
    const result = await checkWritable({ ip: IP, port: db.postgresStandbyPort }, options('postgres'));
    expect(result).toMatchObject({
      ok: false,
      target: `${IP}:${db.postgresStandbyPort}`,
      failure: 'read-only',
      summary: expect.stringMatching(
        /^takes no writes, pg_is_in_recovery\(\)=true: a standby \(a replica or a demoted primary\), server 1\d\.\d+ /,
      ),
    });
  });

  it('refuses MariaDB while read_only is set, and passes it again once it is not', async () => {
    const admin = await createConnection({
      host: IP,
      port: db.mysqlPort,
      user: db.adminUser,
      password: db.password,
    });
    try {
      await admin.query('SET GLOBAL read_only = 1');
      const readOnly = await checkWritable({ ip: IP, port: db.mysqlPort }, options('mysql'));
      expect(readOnly).toMatchObject({
        ok: false,
        failure: 'read-only',
        summary: expect.stringMatching(
          /^takes no writes, read_only on \(read_only=1, innodb_read_only=0\): a replica or a demoted primary, server 1\d\./,
        ),
      });
    } finally {
      await admin.query('SET GLOBAL read_only = 0');
      await admin.end();
    }
    await expect(checkWritable({ ip: IP, port: db.mysqlPort }, options('mysql'))).resolves.toMatchObject({
      ok: true,
    });
  });

  it.each(['mysql', 'postgres'] as const)(
    '%s: refuses a wrong password, and the summary holds no password',
    async (protocol) => {
      const port = protocol === 'mysql' ? db.mysqlPort : db.postgresPort;
      const result = await checkWritable(
        { ip: IP, port },
        options(protocol, { login: { username: db.user, password: WRONG_PASSWORD } }),
      );
      expect(result).toEqual({
        ok: false,
        target: `${IP}:${port}`,
        protocol,
        failure: 'login-refused',
        summary:
          protocol === 'mysql'
            ? `login refused: error 1045 (28000) Access denied for user '${db.user}'@'${IP}' (using password: YES)`
            : `login refused: error 28P01 password authentication failed for user "${db.user}"`,
      });
      expect(JSON.stringify(result)).not.toContain(WRONG_PASSWORD);
      expect(JSON.stringify(result)).not.toContain(db.password);
    },
  );

  it.each(['mysql', 'postgres'] as const)(
    '%s: with tls: require, the login that only TLS lets in passes; with tls: disable it is refused',
    async (protocol) => {
      const port = protocol === 'mysql' ? db.mysqlPort : db.postgresPort;
      const login = { username: db.tlsUser, password: db.password };
      const overTls = await checkWritable({ ip: IP, port }, options(protocol, { login, tls: 'require' }));
      expect(overTls).toMatchObject({ ok: true, summary: expect.stringMatching(/^writable \(/) });
      const inClear = await checkWritable({ ip: IP, port }, options(protocol, { login, tls: 'disable' }));
      expect(inClear).toEqual({
        ok: false,
        target: `${IP}:${port}`,
        protocol,
        failure: 'login-refused',
        summary:
          protocol === 'mysql'
            ? `login refused: error 1045 (28000) Access denied for user '${db.tlsUser}'@'${IP}' (using password: YES)`
            : `login refused: error 28000 pg_hba.conf rejects connection for host "${IP}", user "${db.tlsUser}", database "postgres", no encryption`,
      });
    },
  );

  it('postgres: logs in to the database the binding names, and says so when it does not exist', async () => {
    const result = await checkWritable(
      { ip: IP, port: db.postgresPort },
      options('postgres', { database: 'no_such_database' }),
    );
    expect(result).toMatchObject({
      ok: false,
      failure: 'login-refused',
      summary: 'login refused: error 3D000 database "no_such_database" does not exist',
    });
  });

  it('admitAddresses, with a login read by a fake reader: passes the primary, holds the standby', async () => {
    const config: ProbeConfig = {
      protocol: 'postgres',
      timeoutMs: 20_000,
      writable: {
        login: {
          kind: 'aws-secret',
          secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:probe-AbCdEf',
        },
        tls: 'require',
      },
    };
    const reads: string[] = [];
    const readLogin: LoginReader = (source) => {
      reads.push(source.kind);
      return Promise.resolve({ username: db.tlsUser, password: db.password });
    };
    const access = { readLogin };
    const context = { call: { deadlineMs: Number.MAX_SAFE_INTEGER }, now: () => Date.now() };
    const primary = await admitAddresses([{ ip: IP, port: db.postgresPort }], config, context, access);
    expect(primary.passed).toBe(true);
    expect(primary.detail).toMatch(
      new RegExp(
        `^postgres probe passed and takes writes: ${IP}:${db.postgresPort} writable \\(pg_is_in_recovery\\(\\)=false\\), server 1\\d`,
      ),
    );
    const both = await admitAddresses(
      [
        { ip: IP, port: db.postgresPort },
        { ip: IP, port: db.postgresStandbyPort },
      ],
      config,
      context,
      access,
    );
    expect(both.passed).toBe(false);
    expect(both.detail).toMatch(
      new RegExp(
        `^postgres probe failed, not registered: ${IP}:${db.postgresStandbyPort} read-only \\(takes no writes, pg_is_in_recovery\\(\\)=true`,
      ),
    );
    expect(both.detail).not.toContain(db.password);
    expect(reads).toEqual(['aws-secret', 'aws-secret']);
  });

  it('works as bundled for Lambda, without the driver parts the bundle leaves out', async () => {
    // Prepare: the check as a function's bundle carries it (RDS CA profiles, iconv-lite's CJK tables out).
    const dir = mkdtempSync(join(tmpdir(), 'rfs-writable-bundle-'));
    try {
      const outfile = join(dir, 'check.js');
      await build({
        ...awsBundle({
          rdsWriter: false,
          route53: false,
          assumeRole: false,
          secretsLogin: false,
          writableCheck: true,
        }),
        stdin: {
          contents: "export * from './shared/probe/check-writable';",
          resolveDir: resolve(__dirname, '..', '..'),
          loader: 'ts',
        },
        outfile,
        logLevel: 'silent',
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const bundled = require(outfile) as typeof import('../../shared/probe/check-writable');
      const login = { username: db.tlsUser, password: db.password };

      // Act
      const results = await Promise.all([
        bundled.checkWritable({ ip: IP, port: db.mysqlPort }, options('mysql', { login, tls: 'require' })),
        bundled.checkWritable(
          { ip: IP, port: db.postgresPort },
          options('postgres', { login, tls: 'require' }),
        ),
        bundled.checkWritable(
          { ip: IP, port: db.postgresStandbyPort },
          options('postgres', { login, tls: 'require' }),
        ),
      ]);

      // Assess
      expect(results.map((r) => (r.ok ? 'ok' : r.failure))).toEqual(['ok', 'ok', 'read-only']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
