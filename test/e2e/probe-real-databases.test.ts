import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMysqlGreeting } from '../../shared/probe/mysql-greeting';
import { probeAddress } from '../../shared/probe/probe-address';
import type { ProbeOptions } from '../../shared/probe/probe-address';

/**
 * The probe against real MariaDB and PostgreSQL servers from Debian's packages, on loopback. `.ci/run`
 * starts them (`.ci/databases`) and passes their ports in PROBE_MYSQL_PORT and PROBE_POSTGRES_PORT.
 * Without those, this file starts them itself when the packages are installed, and skips, saying why,
 * only when they are not and CI is not set: under CI a missing server is a failure.
 */
const DATABASES_SCRIPT = join(__dirname, '..', '..', '.ci', 'databases');
const given = portsFromEnv();
const absent = given ? undefined : missingServers();
const underCi = process.env.CI === 'true';
if (absent && !underCi) console.log(`skipping the probe tests against real databases: ${absent}`);
// Under CI nothing is skipped: a missing server fails every test below, through beforeAll.
const suite = absent && !underCi ? describe.skip : describe;

let ports: { mysql: number; postgres: number } | undefined = given;
let startedHere: string | undefined;

function portsFromEnv(): { mysql: number; postgres: number } | undefined {
  const mysql = Number(process.env.PROBE_MYSQL_PORT);
  const postgres = Number(process.env.PROBE_POSTGRES_PORT);
  return mysql > 0 && postgres > 0 ? { mysql, postgres } : undefined;
}

/** Why the servers cannot be started here, or undefined when they can. */
function missingServers(): string | undefined {
  const missing = ['mariadbd', 'mariadb-install-db'].filter((bin) => !onPath(bin));
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

const options = (protocol: ProbeOptions['protocol']): ProbeOptions => ({
  protocol,
  timeoutMs: 10_000,
  call: { deadlineMs: Number.MAX_SAFE_INTEGER },
  now: () => Date.now(),
});
/** A test that talks to both servers. */
const real = (name: string, fn: (p: { mysql: number; postgres: number }) => Promise<void>) =>
  it(name, async () => {
    if (!ports) throw new Error('the databases were not started');
    await fn(ports);
  });

suite('the probe against real MariaDB and PostgreSQL', () => {
  beforeAll(() => {
    if (ports) return;
    if (absent) throw new Error(`under CI: ${absent}`);
    startedHere = mkdtempSync(join(tmpdir(), 'probe-databases-'));
    const exported = execFileSync(DATABASES_SCRIPT, ['start', startedHere], { encoding: 'utf8' });
    const port = (name: string) => Number(new RegExp(`${name}=(\\d+)`).exec(exported)?.[1]);
    ports = { mysql: port('PROBE_MYSQL_PORT'), postgres: port('PROBE_POSTGRES_PORT') };
  }, 180_000);

  afterAll(() => {
    if (startedHere) execFileSync(DATABASES_SCRIPT, ['stop', startedHere]);
  }, 60_000);

  real('reads MariaDB’s greeting and reports its version', async ({ mysql }) => {
    const result = await probeAddress({ ip: '127.0.0.1', port: mysql }, options('mysql'));
    expect(result).toMatchObject({ ok: true, target: `127.0.0.1:${mysql}`, protocol: 'mysql' });
    // Debian 12 ships 10.11.x, Debian 13 11.8.x: the version is read, not assumed.
    expect(result.ok && result.serverVersion).toMatch(/^1\d\.\d+\.\d+-MariaDB/);
    expect(result.summary).toBe(
      `MySQL protocol 10 greeting, server ${result.ok ? result.serverVersion : ''}`,
    );
  });

  real('reads the ERR packet MariaDB sends a host no account names, before any login', async ({ mysql }) => {
    // From 127.0.0.2: the server runs with --skip-name-resolve and has accounts for localhost only.
    const bytes = await firstBytes(mysql, '127.0.0.2');
    expect(parseMysqlGreeting(bytes)).toEqual({
      kind: 'error',
      code: 1130,
      message: "Host '127.0.0.2' is not allowed to connect to this MariaDB server",
    });
  });

  real('fails a PostgreSQL probe against MariaDB: it greets instead of answering', async ({ mysql }) => {
    await expect(probeAddress({ ip: '127.0.0.1', port: mysql }, options('postgres'))).resolves.toMatchObject({
      ok: false,
      failure: 'wrong-protocol',
      summary: expect.stringMatching(/^not a PostgreSQL answer: answered byte 0x/),
    });
  });

  real("gets PostgreSQL's answer to an SSLRequest, which names no version", async ({ postgres }) => {
    await expect(probeAddress({ ip: '127.0.0.1', port: postgres }, options('postgres'))).resolves.toEqual({
      ok: true,
      target: `127.0.0.1:${postgres}`,
      protocol: 'postgres',
      // .ci/databases starts it without TLS: it says 'N'.
      summary: "PostgreSQL answered SSLRequest with 'N' (TLS not offered); no version is sent before login",
    });
  });

  real(
    'fails a MySQL probe against PostgreSQL, which waits for the client to speak',
    async ({ postgres }) => {
      const result = await probeAddress(
        { ip: '127.0.0.1', port: postgres },
        { ...options('mysql'), timeoutMs: 3000 },
      );
      expect(result).toEqual({
        ok: false,
        target: `127.0.0.1:${postgres}`,
        protocol: 'mysql',
        failure: 'timeout',
        summary: 'connected, but no MySQL greeting within 3000 ms',
      });
    },
  );

  real('passes a TCP probe on both', async ({ mysql, postgres }) => {
    for (const port of [mysql, postgres]) {
      await expect(probeAddress({ ip: '127.0.0.1', port }, options('tcp'))).resolves.toMatchObject({
        ok: true,
        summary: 'TCP connection accepted',
      });
    }
  });
});

/** What the server sends first to a client connecting from `localAddress`. */
function firstBytes(port: number, localAddress: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error('no answer in 10 s')), 10_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
  });
}
