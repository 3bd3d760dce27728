import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { connect, isIP } from 'node:net';
import { decodeReply, encodeAQuery } from './dns-wire';
import type { DnsReply } from './dns-wire';

/** A failed exchange, with the code node:dns would give (`ETIMEOUT`, `ECONNREFUSED`, ...). */
export class DnsExchangeError extends Error {
  override readonly name = 'DnsExchangeError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** One server, as `ip` or `ip:port` (`[v6]:port`); throws for anything else, as `Resolver.setServers` does. */
export function parseServer(server: string): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  const [host, port] = bracketed
    ? [bracketed[1] ?? '', bracketed[2]]
    : isIP(server) === 6
      ? [server, undefined]
      : (server.split(':') as [string, string | undefined]);
  const portNumber = port === undefined ? 53 : Number(port);
  if (isIP(host) === 0 || !Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) {
    throw new DnsExchangeError('EINVAL', `Invalid IP address: ${server}`);
  }
  return { host, port: portNumber };
}

/**
 * Asks `server` for `name`'s A records: one UDP datagram, and TCP when the answer says it was truncated
 * (RFC 1035 4.2). The socket is connected to the server, so only its datagrams arrive (and an ICMP
 * refusal comes back as `ECONNREFUSED`); the reply must also carry the query's random id and question.
 * Ends within `timeoutMs` with a reply or a `DnsExchangeError`, whatever the server does.
 */
export async function exchangeA(server: string, name: string, timeoutMs: number): Promise<DnsReply> {
  const { host, port } = parseServer(server);
  const deadlineMs = Date.now() + timeoutMs;
  const id = randomInt(0x10000);
  const query = encodeAQuery(id, name);
  const matches = (reply: DnsReply) => reply.id === id && reply.question === normalized(name);
  const reply = await overUdp(host, port, query, matches, timeoutMs);
  if (!reply.truncated) return reply;
  return overTcp(host, port, query, matches, Math.max(0, deadlineMs - Date.now()));
}

const normalized = (name: string) => name.toLowerCase().replace(/\.$/, '');

function overUdp(
  host: string,
  port: number,
  query: Buffer,
  matches: (reply: DnsReply) => boolean,
  timeoutMs: number,
): Promise<DnsReply> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
    let done = false;
    const finish = (outcome: { reply: DnsReply } | { error: Error }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      if ('reply' in outcome) resolve(outcome.reply);
      else reject(outcome.error);
    };
    const timer = setTimeout(
      () => finish({ error: new DnsExchangeError('ETIMEOUT', `no answer within ${timeoutMs} ms`) }),
      timeoutMs,
    );
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish({ error: new DnsExchangeError(error.code ?? 'EIO', error.message) }),
    );
    socket.on('message', (message) => {
      const reply = decodeOrUndefined(message);
      // Anything else on the socket (a late answer to nothing, garbage) is not the reply: keep waiting.
      if (reply !== undefined && matches(reply)) finish({ reply });
    });
    socket.connect(port, host, () => socket.send(query));
  });
}

function overTcp(
  host: string,
  port: number,
  query: Buffer,
  matches: (reply: DnsReply) => boolean,
  timeoutMs: number,
): Promise<DnsReply> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let received = Buffer.alloc(0);
    let done = false;
    const finish = (outcome: { reply: DnsReply } | { error: Error }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if ('reply' in outcome) resolve(outcome.reply);
      else reject(outcome.error);
    };
    const timer = setTimeout(
      () => finish({ error: new DnsExchangeError('ETIMEOUT', `no answer within ${timeoutMs} ms`) }),
      timeoutMs,
    );
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish({ error: new DnsExchangeError(error.code ?? 'EIO', error.message) }),
    );
    // Over TCP every message is preceded by its length in two bytes (RFC 1035 4.2.2).
    socket.on('connect', () => socket.write(Buffer.concat([lengthOf(query), query])));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 2 || received.length < 2 + received.readUInt16BE(0)) return;
      const reply = decodeOrUndefined(received.subarray(2, 2 + received.readUInt16BE(0)));
      finish(
        reply !== undefined && matches(reply)
          ? { reply }
          : { error: new DnsExchangeError('EBADRESP', 'the TCP answer is not the reply to the query') },
      );
    });
    socket.on('end', () =>
      finish({ error: new DnsExchangeError('EBADRESP', 'the server closed TCP before answering') }),
    );
  });
}

const lengthOf = (message: Buffer): Buffer => {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(message.length, 0);
  return length;
};

function decodeOrUndefined(message: Buffer): DnsReply | undefined {
  try {
    return decodeReply(message);
  } catch {
    return undefined;
  }
}
