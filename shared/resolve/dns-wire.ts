/**
 * The few pieces of the DNS wire format (RFC 1035, section 4) that one A question needs: the query, and
 * the reply's header and answer section, where a recursive resolver puts the whole CNAME chain it
 * followed before the A records. node:dns's `resolve4` reads the same answer but keeps only the
 * addresses, which is why the resolver speaks the wire itself: the chain for the report costs no
 * second question.
 */

/** A record of the answer section that the resolver reads; other types are skipped. */
export type DnsAnswerRecord =
  | { readonly type: 'A'; readonly name: string; readonly ttl: number; readonly address: string }
  | { readonly type: 'CNAME'; readonly name: string; readonly ttl: number; readonly target: string };

export interface DnsReply {
  readonly id: number;
  /** RFC 1035 4.1.1: 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED. */
  readonly rcode: number;
  /** TC: the answer did not fit a UDP datagram; ask again over TCP. */
  readonly truncated: boolean;
  /** The question the reply answers, lower case, without the trailing dot. */
  readonly question: string;
  readonly answers: readonly DnsAnswerRecord[];
}

/** A reply that is not a well-formed DNS message. */
export class MalformedDnsReplyError extends Error {
  override readonly name = 'MalformedDnsReplyError';
  readonly code = 'EBADRESP';
}

/** A name that cannot be asked (an empty label, a label over 63 bytes, over 253 in all). */
export class InvalidDnsNameError extends Error {
  override readonly name = 'InvalidDnsNameError';
  readonly code = 'EBADNAME';
}

const TYPE_A = 1;
const TYPE_CNAME = 5;
const CLASS_IN = 1;
const FLAG_RESPONSE = 0x8000;
const FLAG_TRUNCATED = 0x0200;
const FLAG_RECURSION_DESIRED = 0x0100;
/** Compression pointers followed within one name: more is a loop in a hostile reply. */
const MAX_POINTERS = 32;

/** A query for `name`'s A records, recursion desired. */
export function encodeAQuery(id: number, name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.');
  if (name.length > 253 || labels.some((l) => l.length === 0 || Buffer.byteLength(l) > 63)) {
    throw new InvalidDnsNameError(`not a DNS name: ${JSON.stringify(name)}`);
  }
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(FLAG_RECURSION_DESIRED, 2);
  header.writeUInt16BE(1, 4);
  const qname = Buffer.concat([
    ...labels.map((l) => Buffer.concat([Buffer.from([Buffer.byteLength(l)]), Buffer.from(l)])),
    Buffer.from([0]),
  ]);
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(TYPE_A, 0);
  tail.writeUInt16BE(CLASS_IN, 2);
  return Buffer.concat([header, qname, tail]);
}

/** Reads a reply; throws `MalformedDnsReplyError` for anything that is not one. */
export function decodeReply(message: Buffer): DnsReply {
  const at = (offset: number, bytes: number) => {
    if (offset + bytes > message.length) throw new MalformedDnsReplyError('the reply ends too early');
  };
  at(0, 12);
  const flags = message.readUInt16BE(2);
  if ((flags & FLAG_RESPONSE) === 0) throw new MalformedDnsReplyError('a query, not a reply');
  const questions = message.readUInt16BE(4);
  const answers = message.readUInt16BE(6);
  if (questions !== 1) throw new MalformedDnsReplyError(`${questions} questions, not 1`);
  const question = readName(message, 12);
  at(question.next, 4);
  let offset = question.next + 4;
  const records: DnsAnswerRecord[] = [];
  for (let i = 0; i < answers; i++) {
    const owner = readName(message, offset);
    at(owner.next, 10);
    const type = message.readUInt16BE(owner.next);
    const rclass = message.readUInt16BE(owner.next + 2);
    const ttl = message.readUInt32BE(owner.next + 4);
    const length = message.readUInt16BE(owner.next + 8);
    const data = owner.next + 10;
    at(data, length);
    if (rclass === CLASS_IN && type === TYPE_A) {
      if (length !== 4) throw new MalformedDnsReplyError(`an A record of ${length} bytes`);
      records.push({
        type: 'A',
        name: owner.name,
        ttl,
        address: [...message.subarray(data, data + 4)].join('.'),
      });
    } else if (rclass === CLASS_IN && type === TYPE_CNAME) {
      records.push({ type: 'CNAME', name: owner.name, ttl, target: readName(message, data).name });
    }
    offset = data + length;
  }
  return {
    id: message.readUInt16BE(0),
    rcode: flags & 0x000f,
    truncated: (flags & FLAG_TRUNCATED) !== 0,
    question: question.name,
    answers: records,
  };
}

/** A (possibly compressed, RFC 1035 4.1.4) name at `offset`: lower case, no trailing dot. */
function readName(message: Buffer, offset: number): { name: string; next: number } {
  const labels: string[] = [];
  let next: number | undefined;
  for (let pointers = 0; ;) {
    if (offset >= message.length) throw new MalformedDnsReplyError('a name runs past the reply');
    const length = message[offset] as number;
    if (length === 0) {
      next ??= offset + 1;
      break;
    }
    if ((length & 0xc0) === 0xc0) {
      if (offset + 1 >= message.length) throw new MalformedDnsReplyError('a pointer runs past the reply');
      if ((pointers += 1) > MAX_POINTERS) throw new MalformedDnsReplyError('a loop of name pointers');
      next ??= offset + 2;
      offset = ((length & 0x3f) << 8) | (message[offset + 1] as number);
      continue;
    }
    if ((length & 0xc0) !== 0) throw new MalformedDnsReplyError(`a label type ${length >> 6}`);
    if (offset + 1 + length > message.length) throw new MalformedDnsReplyError('a label runs past the reply');
    labels.push(message.toString('latin1', offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  return { name: labels.join('.').toLowerCase(), next };
}
