import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { checkWritable } from '../../shared/probe/check-writable';
import type { WritableCheckOptions } from '../../shared/probe/writable-check';

// The writability check against loopback servers that misbehave on purpose: a silent one, one without
// TLS, ones that quote the password back. The real servers are in test/e2e/writable-real-databases.test.ts.
// No assertion depends on how fast anything runs.

const PASSWORD = 'Correct-Horse-Battery-Staple-42';

/** Every connection a test server accepted, and whether it has closed: the check must close them all. */
interface Served {
  readonly port: number;
  readonly connections: Socket[];
  readonly closed: () => Promise<void>;
}
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});
async function serve(onConnection: (socket: Socket) => void): Promise<Served> {
  const connections: Socket[] = [];
  const ended: Promise<void>[] = [];
  const server = createServer((socket) => {
    connections.push(socket);
    ended.push(new Promise((resolve) => socket.once('close', () => resolve())));
    socket.on('error', () => undefined);
    // Read what arrives, even unheard: a paused socket never sees the FIN queued behind unread bytes.
    socket.resume();
    onConnection(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, connections, closed: async () => void (await Promise.all(ended)) };
}

const options = (
  protocol: 'mysql' | 'postgres',
  overrides: Partial<WritableCheckOptions> = {},
): WritableCheckOptions => ({
  protocol,
  login: { username: 'probe_login', password: PASSWORD },
  tls: 'disable',
  timeoutMs: 5000,
  call: { deadlineMs: Number.MAX_SAFE_INTEGER },
  now: () => Date.now(),
  ...overrides,
});

/** A MySQL packet: 3-byte little-endian length, sequence id, payload. */
const packet = (payload: Buffer, sequence: number) =>
  Buffer.concat([
    Buffer.from([payload.length & 0xff, (payload.length >> 8) & 0xff, payload.length >> 16, sequence]),
    payload,
  ]);
// What MariaDB 10.11.19 sent a new connection when it ran without TLS: its capability flags (0xf7fe)
// lack CLIENT_SSL (0x0800). Read off the wire (test/property/probe-parsers.test.ts).
const MARIADB_GREETING_WITHOUT_TLS = Buffer.from(
  '640000000a352e352e352d31302e31312e31392d4d6172696144422d302b6465623132753100050000002d366579516a' +
    '424a00fef7080200ff81150000000000001d0000002b39797b7a73552c7b493a25006d7973716c5f6e61746976655f70' +
    '617373776f726400',
  'hex',
);
/** A MySQL ERR packet (errno 1045, SQLSTATE 28000) whose message quotes `text`. */
const mysqlAccessDenied = (text: string, sequence: number) =>
  packet(
    Buffer.concat([
      Buffer.from([0xff, 0x15, 0x04]),
      Buffer.from('#28000'),
      Buffer.from(`Access denied: ${text}`),
    ]),
    sequence,
  );
/** A PostgreSQL ErrorResponse (FATAL, SQLSTATE 28P01) whose message quotes `text`. */
function postgresAuthFailed(text: string): Buffer {
  const fields = Buffer.from(`SFATAL\0C28P01\0Mpassword authentication failed: ${text}\0\0`);
  const length = Buffer.alloc(4);
  length.writeInt32BE(fields.length + 4);
  return Buffer.concat([Buffer.from('E'), length, fields]);
}

describe('checkWritable() against servers that misbehave', () => {
  it.each(['mysql', 'postgres'] as const)(
    '%s: a server that accepts and never answers ends in a timeout, its connection closed',
    async (protocol) => {
      const silent = await serve(() => undefined);
      const result = await checkWritable(
        { ip: '127.0.0.1', port: silent.port },
        options(protocol, { timeoutMs: 300 }),
      );
      expect(result).toEqual({
        ok: false,
        target: `127.0.0.1:${silent.port}`,
        protocol,
        failure: 'timeout',
        summary: 'no verdict within 300 ms (connected, the login unanswered)',
      });
      await silent.closed();
      expect(silent.connections).toHaveLength(1);
    },
  );

  it.each(['mysql', 'postgres'] as const)(
    '%s: the invocation’s abort signal ends it at once, long before its timeout',
    async (protocol) => {
      const controller = new AbortController();
      const silent = await serve(() => controller.abort());
      const result = await checkWritable(
        { ip: '127.0.0.1', port: silent.port },
        options(protocol, {
          timeoutMs: 600_000,
          call: { deadlineMs: Number.MAX_SAFE_INTEGER, abortSignal: controller.signal },
        }),
      );
      expect(result).toMatchObject({
        ok: false,
        failure: 'aborted',
        summary: 'the invocation ran out of time',
      });
      await silent.closed();
    },
  );

  it('takes its limit from the invocation’s deadline when that is nearer, and tries nothing past it', async () => {
    const silent = await serve(() => undefined);
    const now = 1_000_000;
    const result = await checkWritable(
      { ip: '127.0.0.1', port: silent.port },
      options('mysql', { call: { deadlineMs: now }, now: () => now }),
    );
    expect(result).toMatchObject({
      failure: 'timeout',
      summary: 'no time left before the invocation deadline',
    });
    expect(silent.connections).toHaveLength(0);
  });

  it('postgres, tls: require: a server that answers the SSLRequest with N refuses the login', async () => {
    const received: Buffer[] = [];
    const noTls = await serve((socket) =>
      socket.once('data', (data: Buffer) => {
        received.push(data);
        socket.write('N');
      }),
    );
    const result = await checkWritable(
      { ip: '127.0.0.1', port: noTls.port },
      options('postgres', { tls: 'require' }),
    );
    expect(result).toEqual({
      ok: false,
      target: `127.0.0.1:${noTls.port}`,
      protocol: 'postgres',
      failure: 'login-refused',
      summary:
        'the server offers no TLS, which `tls: require` asks for; `tls: disable` would send the login in clear',
    });
    // Only the SSLRequest went out: length 8, code 80877103. No login in clear.
    expect(Buffer.concat(received).toString('hex')).toBe('0000000804d2162f');
    await noTls.closed();
  });

  it('mysql, tls: require: a server whose greeting offers no TLS refuses the login, and none is sent', async () => {
    const received: Buffer[] = [];
    const noTls = await serve((socket) => {
      socket.on('data', (data: Buffer) => received.push(data));
      socket.write(MARIADB_GREETING_WITHOUT_TLS);
    });
    const result = await checkWritable(
      { ip: '127.0.0.1', port: noTls.port },
      options('mysql', { tls: 'require' }),
    );
    expect(result).toMatchObject({
      ok: false,
      failure: 'login-refused',
      summary:
        'the server offers no TLS, which `tls: require` asks for; `tls: disable` would send the login in clear',
    });
    await noTls.closed();
    expect(Buffer.concat(received).toString('latin1')).not.toContain('probe_login');
  });

  it('mysql: an error that quotes the password keeps its errno and SQLSTATE, never the password', async () => {
    const server = await serve((socket) => {
      socket.write(MARIADB_GREETING_WITHOUT_TLS);
      socket.once('data', () =>
        socket.write(mysqlAccessDenied(`user 'probe_login' password '${PASSWORD}'`, 2)),
      );
    });
    const result = await checkWritable({ ip: '127.0.0.1', port: server.port }, options('mysql'));
    expect(result).toEqual({
      ok: false,
      target: `127.0.0.1:${server.port}`,
      protocol: 'mysql',
      failure: 'login-refused',
      summary: "login refused: error 1045 (28000) Access denied: user 'probe_login' password '[secret]'",
    });
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    await server.closed();
  });

  it('postgres: an error that quotes the password keeps its SQLSTATE, never the password', async () => {
    const server = await serve((socket) =>
      socket.once('data', () => socket.write(postgresAuthFailed(PASSWORD))),
    );
    const result = await checkWritable({ ip: '127.0.0.1', port: server.port }, options('postgres'));
    expect(result).toEqual({
      ok: false,
      target: `127.0.0.1:${server.port}`,
      protocol: 'postgres',
      failure: 'login-refused',
      summary: 'login refused: error 28P01 password authentication failed: [secret]',
    });
    await server.closed();
  });

  it.each(['mysql', 'postgres'] as const)(
    '%s: a server that closes at once ends it as closed',
    async (protocol) => {
      const closing = await serve((socket) => socket.destroy());
      const result = await checkWritable({ ip: '127.0.0.1', port: closing.port }, options(protocol));
      expect(result).toMatchObject({ ok: false, failure: 'closed' });
    },
  );
});
