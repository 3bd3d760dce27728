import { createSocket } from 'node:dgram';
import { decode, encode, RECURSION_AVAILABLE, RECURSION_DESIRED } from 'dns-packet';
import type { Answer, DecodedPacket, Question } from 'dns-packet';

/** How the lab server misbehaves for one name. `timeout` never answers. */
export type DnsFault = 'nxdomain' | 'servfail' | 'timeout' | 'empty' | 'refused';

/** One question the server received, for tests that count queries. */
export interface DnsQuery {
  /** Lower case, without the trailing dot. */
  readonly name: string;
  /** `A`, `CNAME`, `AAAA`, ... */
  readonly type: string;
  /** `Date.now()` on arrival. */
  readonly at: number;
}

export interface LabDnsServer {
  /** `127.0.0.1:PORT`, ready for `Resolver.setServers`. */
  readonly address: string;
  /** Makes `name` hold these A records, replacing any record it had. */
  setA(name: string, ips: readonly string[], ttlSeconds?: number): void;
  /** Makes `name` a CNAME to `target`, replacing any record it had. */
  setCname(name: string, target: string, ttlSeconds?: number): void;
  /** Makes every question that reaches `name` fail this way; `undefined` clears it. */
  setFault(name: string, fault: DnsFault | undefined): void;
  /** Forgets the name's record and fault: it answers NXDOMAIN again. */
  remove(name: string): void;
  /** Every question received, oldest first. */
  readonly queries: readonly DnsQuery[];
  close(): Promise<void>;
}

type DnsRecord =
  | { readonly type: 'A'; readonly ips: readonly string[]; readonly ttl: number }
  | { readonly type: 'CNAME'; readonly target: string; readonly ttl: number };

const RCODE = { NoError: 0, ServFail: 2, NxDomain: 3, Refused: 5 } as const;

// More than any resolver follows; a lab CNAME loop must end somewhere.
const MAX_CHAIN = 16;

const normalize = (name: string): string => name.toLowerCase().replace(/\.$/, '');

/**
 * A DNS server on 127.0.0.1 (UDP) that answers like a recursive resolver: asked for A, it follows
 * CNAMEs itself and returns the chain followed by the A records in one answer; asked for CNAME, it
 * returns just that name's CNAME. Unknown names are NXDOMAIN. Port 0 (the default) picks a free port.
 */
export async function startDnsServer(
  options: {
    port?: number;
    /** Holds every answer this long: the round trip to a resolver in another zone, for the bench. */
    latencyMs?: number;
  } = {},
): Promise<LabDnsServer> {
  const records = new Map<string, DnsRecord>();
  const faults = new Map<string, DnsFault>();
  const queries: DnsQuery[] = [];
  const socket = createSocket('udp4');

  const answer = (question: Question): { rcode: number; answers: Answer[] } | undefined => {
    const answers: Answer[] = [];
    let name = normalize(question.name);
    for (let hop = 0; hop < MAX_CHAIN; hop++) {
      switch (faults.get(name)) {
        case 'timeout':
          return undefined;
        case 'nxdomain':
          return { rcode: RCODE.NxDomain, answers };
        case 'servfail':
          return { rcode: RCODE.ServFail, answers: [] };
        case 'refused':
          return { rcode: RCODE.Refused, answers: [] };
        case 'empty':
          return { rcode: RCODE.NoError, answers };
      }
      const record = records.get(name);
      if (record === undefined) return { rcode: RCODE.NxDomain, answers };
      if (record.type === 'A') {
        if (question.type === 'A') {
          answers.push(...record.ips.map((ip): Answer => ({ type: 'A', name, ttl: record.ttl, data: ip })));
        }
        return { rcode: RCODE.NoError, answers };
      }
      answers.push({ type: 'CNAME', name, ttl: record.ttl, data: record.target });
      if (question.type === 'CNAME') return { rcode: RCODE.NoError, answers };
      name = normalize(record.target);
    }
    return { rcode: RCODE.NoError, answers };
  };

  socket.on('message', (message, remote) => {
    let query: DecodedPacket;
    try {
      query = decode(message);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    if (question === undefined) return;
    queries.push({ name: normalize(question.name), type: question.type, at: Date.now() });
    const reply = answer(question);
    if (reply === undefined) return;
    const response = encode({
      type: 'response',
      id: query.id,
      // dns-packet has no rcode field on encode: the rcode is the low 4 bits of the flags.
      flags: ((query.flags ?? 0) & RECURSION_DESIRED) | RECURSION_AVAILABLE | reply.rcode,
      questions: [question],
      answers: reply.answers,
    });
    const send = () => socket.send(response, remote.port, remote.address);
    if (options.latencyMs) setTimeout(send, options.latencyMs);
    else send();
  });

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port ?? 0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const { port } = socket.address();

  return {
    address: `127.0.0.1:${port}`,
    setA: (name, ips, ttlSeconds = 5) =>
      void records.set(normalize(name), { type: 'A', ips, ttl: ttlSeconds }),
    setCname: (name, target, ttlSeconds = 5) =>
      void records.set(normalize(name), { type: 'CNAME', target: normalize(target), ttl: ttlSeconds }),
    setFault: (name, fault) =>
      void (fault === undefined ? faults.delete(normalize(name)) : faults.set(normalize(name), fault)),
    remove: (name) => {
      records.delete(normalize(name));
      faults.delete(normalize(name));
    },
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
