import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { probeAddress } from '../../shared/probe/probe-address';
import type { ProbeOptions } from '../../shared/probe/probe-address';

// Every server here is on loopback and started by the test; no assertion depends on how fast it runs.

/** A loopback server that does `onConnection` with each client; closed after each test. */
async function serve(onConnection: (socket: Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const { server, port } = await serve(() => undefined);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});
async function listening(onConnection: (socket: Socket) => void): Promise<number> {
  const { server, port } = await serve((socket) => {
    sockets.push(socket);
    onConnection(socket);
  });
  servers.push(server);
  return port;
}

const options = (overrides: Partial<ProbeOptions> = {}): ProbeOptions => ({
  protocol: 'mysql',
  timeoutMs: 5000,
  call: { deadlineMs: Number.MAX_SAFE_INTEGER },
  now: () => Date.now(),
  ...overrides,
});

// What MariaDB 10.11 sends first, cut to what the probe reads (version, then the rest of the greeting).
const GREETING = Buffer.concat([
  Buffer.from([0x2a, 0, 0, 0, 10]),
  Buffer.from('5.5.5-10.11.19-MariaDB-0+deb12u1\0'),
  Buffer.alloc(0x2a - 1 - 33),
]);

describe('probeAddress', () => {
  it('reports refused when nothing listens on the port', async () => {
    const port = await closedPort();
    await expect(probeAddress({ ip: '127.0.0.1', port }, options({ protocol: 'tcp' }))).resolves.toEqual({
      ok: false,
      target: `127.0.0.1:${port}`,
      protocol: 'tcp',
      failure: 'refused',
      summary: 'connection refused: nothing listens on that port',
    });
  });

  it('times out on a server that accepts and never answers, within the configured timeout', async () => {
    const port = await listening(() => undefined);
    await expect(probeAddress({ ip: '127.0.0.1', port }, options({ timeoutMs: 2000 }))).resolves.toEqual({
      ok: false,
      target: `127.0.0.1:${port}`,
      protocol: 'mysql',
      failure: 'timeout',
      summary: 'connected, but no MySQL greeting within 2000 ms',
    });
  });

  it('passes a TCP probe on connect, sending nothing', async () => {
    const received: Buffer[] = [];
    const port = await listening((socket) => socket.on('data', (d: Buffer) => received.push(d)));
    await expect(probeAddress({ ip: '127.0.0.1', port }, options({ protocol: 'tcp' }))).resolves.toEqual({
      ok: true,
      target: `127.0.0.1:${port}`,
      protocol: 'tcp',
      summary: 'TCP connection accepted',
    });
    expect(received).toEqual([]);
  });

  it('reads a MySQL greeting that arrives in pieces', async () => {
    const port = await listening((socket) => {
      socket.write(GREETING.subarray(0, 3));
      setTimeout(() => socket.write(GREETING.subarray(3, 20)), 20);
      setTimeout(() => socket.write(GREETING.subarray(20)), 40);
    });
    await expect(probeAddress({ ip: '127.0.0.1', port }, options())).resolves.toEqual({
      ok: true,
      target: `127.0.0.1:${port}`,
      protocol: 'mysql',
      summary: 'MySQL protocol 10 greeting, server 10.11.19-MariaDB-0+deb12u1',
      serverVersion: '10.11.19-MariaDB-0+deb12u1',
    });
  });

  it('fails a MySQL probe on a server that speaks another protocol', async () => {
    const port = await listening((socket) => socket.write('SSH-2.0-OpenSSH_9.2p1\r\n'));
    await expect(probeAddress({ ip: '127.0.0.1', port }, options())).resolves.toMatchObject({
      ok: false,
      failure: 'wrong-protocol',
      summary: 'not a MySQL greeting: first packet has sequence id 45, expected 0',
    });
  });

  it('fails when the server closes before answering', async () => {
    const port = await listening((socket) => socket.end());
    await expect(
      probeAddress({ ip: '127.0.0.1', port }, options({ protocol: 'postgres' })),
    ).resolves.toMatchObject({
      ok: false,
      failure: 'closed',
      summary: 'the server closed the connection before its answer to SSLRequest',
    });
  });

  it('sends exactly an SSLRequest to PostgreSQL and reads its one-byte answer', async () => {
    const received: Buffer[] = [];
    const port = await listening((socket) =>
      socket.on('data', (d: Buffer) => {
        received.push(d);
        socket.write('N');
      }),
    );
    await expect(probeAddress({ ip: '127.0.0.1', port }, options({ protocol: 'postgres' }))).resolves.toEqual(
      {
        ok: true,
        target: `127.0.0.1:${port}`,
        protocol: 'postgres',
        summary: "PostgreSQL answered SSLRequest with 'N' (TLS not offered); no version is sent before login",
      },
    );
    expect(Buffer.concat(received).toString('hex')).toBe('0000000804d2162f');
  });

  it('gives up when the invocation is aborted', async () => {
    const port = await listening(() => undefined);
    const abort = new AbortController();
    const probing = probeAddress(
      { ip: '127.0.0.1', port },
      options({ call: { deadlineMs: Number.MAX_SAFE_INTEGER, abortSignal: abort.signal } }),
    );
    abort.abort();
    await expect(probing).resolves.toMatchObject({ ok: false, failure: 'aborted' });
  });

  it('does not start when the invocation deadline has passed', async () => {
    const port = await listening(() => undefined);
    await expect(
      probeAddress({ ip: '127.0.0.1', port }, options({ call: { deadlineMs: 1000 }, now: () => 1000 })),
    ).resolves.toMatchObject({
      ok: false,
      failure: 'timeout',
      summary: 'no time left before the invocation deadline',
    });
    expect(sockets).toEqual([]);
  });

  it('ends by the invocation deadline when it comes before the probe timeout', async () => {
    const port = await listening(() => undefined);
    await expect(
      probeAddress(
        { ip: '127.0.0.1', port },
        options({ timeoutMs: 30_000, call: { deadlineMs: 12_000 }, now: () => 10_000 }),
      ),
    ).resolves.toMatchObject({
      failure: 'timeout',
      summary: 'connected, but no MySQL greeting within 2000 ms',
    });
  });
});
