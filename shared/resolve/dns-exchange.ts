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
  const reply = await overUdp({ host, port, query, matches, timeoutMs });
  if (!reply.truncated) return reply;
  return overTcp({ host, port, query, matches, timeoutMs: Math.max(0, deadlineMs - Date.now()) });
}

const normalized = (name: string) => name.toLowerCase().replace(/\.$/, '');

type Outcome = { reply: DnsReply } | { error: Error };

/**
 * Runs one exchange that settles once: with a reply, an error, or the timeout, whichever comes first.
 * The socket `start` opens is closed then, whatever settled it.
 */
function exchangeWithin(
  timeoutMs: number,
  start: (finish: (outcome: Outcome) => void) => Closable,
): Promise<DnsReply> {
  return new Promise((resolve, reject) => {
    let done = false;
    // Filled once `start` returns; an outcome can only come after that (every event is asynchronous).
    const opened: { socket?: Closable } = {};
    const finish = (outcome: Outcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      opened.socket?.close();
      if ('reply' in outcome) resolve(outcome.reply);
      else reject(outcome.error);
    };
    const timer = setTimeout(
      () => finish({ error: new DnsExchangeError('ETIMEOUT', `no answer within ${timeoutMs} ms`) }),
      timeoutMs,
    );
    opened.socket = start(finish);
    if (done) opened.socket.close();
  });
}

interface Closable {
  close(): void;
}

/** A socket's error as the exchange's outcome, with node's code (`ECONNREFUSED`, ...). */
const asFailure = (error: NodeJS.ErrnoException): Outcome => ({
  error: new DnsExchangeError(error.code ?? 'EIO', error.message),
});

/** One question to one server. */
interface Exchange {
  readonly host: string;
  readonly port: number;
  readonly query: Buffer;
  readonly matches: (reply: DnsReply) => boolean;
  readonly timeoutMs: number;
}

function overUdp({ host, port, query, matches, timeoutMs }: Exchange): Promise<DnsReply> {
  return exchangeWithin(timeoutMs, (finish) => {
    const socket = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
    socket.on('error', (error: NodeJS.ErrnoException) => finish(asFailure(error)));
    socket.on('message', (message) => {
      const reply = decodeOrUndefined(message);
      // Anything else on the socket (a late answer to nothing, garbage) is not the reply: keep waiting.
      if (reply !== undefined && matches(reply)) finish({ reply });
    });
    socket.connect(port, host, () => socket.send(query));
    return socket;
  });
}

function overTcp({ host, port, query, matches, timeoutMs }: Exchange): Promise<DnsReply> {
  return exchangeWithin(timeoutMs, (finish) => {
    const socket = connect({ host, port });
    let received = Buffer.alloc(0);
    socket.on('error', (error: NodeJS.ErrnoException) => finish(asFailure(error)));
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
    return { close: () => socket.destroy() };
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
