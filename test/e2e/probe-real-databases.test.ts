import { connect } from 'node:net';
import { parseMysqlGreeting } from '../../shared/probe/mysql-greeting';
import { probeAddress } from '../../shared/probe/probe-address';
import type { ProbeOptions } from '../../shared/probe/probe-address';
import { realDatabasesSuite } from '../support/real-databases';

/**
 * The probe against real MariaDB and PostgreSQL servers from Debian's packages, on loopback: started by
 * `.ci/run`, else here, else skipped with the reason (test/support/real-databases.ts).
 */
const { suite, start, stop } = realDatabasesSuite('the probe tests against real databases');
let ports: { mysql: number; postgres: number } | undefined;

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
    const databases = start();
    ports = { mysql: databases.mysqlPort, postgres: databases.postgresPort };
  }, 180_000);

  afterAll(() => stop(), 60_000);

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
      // .ci/databases starts it with TLS (for the writability check's `tls: require`): it says 'S'.
      summary: "PostgreSQL answered SSLRequest with 'S' (TLS offered); no version is sent before login",
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
