import { decode, encode, RECURSION_DESIRED } from 'dns-packet';
import type { Answer } from 'dns-packet';
import fc from 'fast-check';
import { decodeReply, encodeAQuery, MalformedDnsReplyError } from '../../shared/resolve/dns-wire';

describe('encodeAQuery', () => {
  it('asks one A question, recursion desired, under the given id', () => {
    // Act
    const query = decode(encodeAQuery(0x1234, 'Orders.Cluster-abc.example.'));
    // Assess
    expect(query.id).toBe(0x1234);
    expect((query.flags ?? 0) & RECURSION_DESIRED).toBe(RECURSION_DESIRED);
    expect(query.questions).toEqual([{ name: 'Orders.Cluster-abc.example', type: 'A', class: 'IN' }]);
  });

  it.each([['a..example'], ['x'.repeat(64) + '.example'], ['']])('refuses %j', (name) => {
    expect(() => encodeAQuery(1, name)).toThrow('not a DNS name');
  });
});

describe('decodeReply', () => {
  it('reads compressed names (RFC 1035 4.1.4), as real resolvers send them', () => {
    // Prepare: question db.example; CNAME db.example -> db-1 + pointer to "example"; A db-1.example.
    const header = [0xab, 0xcd, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0];
    const question = [2, 0x64, 0x62, 7, ...Buffer.from('example'), 0, 0, 1, 0, 1]; // offset 12
    const cname = [0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 30, 0, 7, 4, ...Buffer.from('db-1'), 0xc0, 15];
    const cnameTarget = header.length + question.length + 12; // where "db-1" starts
    const a = [0xc0, cnameTarget, 0, 1, 0, 1, 0, 0, 0, 4, 0, 4, 10, 0, 0, 7];
    // Act
    const reply = decodeReply(Buffer.from([...header, ...question, ...cname, ...a]));
    // Assess
    expect(reply).toEqual({
      id: 0xabcd,
      rcode: 0,
      truncated: false,
      question: 'db.example',
      answers: [
        { type: 'CNAME', name: 'db.example', ttl: 30, target: 'db-1.example' },
        { type: 'A', name: 'db-1.example', ttl: 4, address: '10.0.0.7' },
      ],
    });
  });

  it('reads the rcode and the TC flag', () => {
    const reply = decodeReply(
      encode({
        type: 'response',
        id: 7,
        flags: 0x0200 | 3,
        questions: [{ type: 'A', name: 'db.example' }],
        answers: [],
      }),
    );
    expect([reply.rcode, reply.truncated, reply.answers]).toEqual([3, true, []]);
  });

  it.each<[string, Buffer]>([
    ['shorter than a header', Buffer.from([0, 1, 0x81])],
    ['a query, not a reply', encodeAQuery(1, 'db.example')],
    [
      'a name pointing at itself',
      Buffer.from([0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1]),
    ],
    [
      'an answer cut short',
      encode({
        type: 'response',
        questions: [{ type: 'A', name: 'db.example' }],
        answers: [{ type: 'A', name: 'db.example', data: '10.0.0.1' }],
      }).subarray(0, 40),
    ],
  ])('refuses %s', (_, message) => {
    expect(() => decodeReply(message)).toThrow(MalformedDnsReplyError);
  });

  it('reads any chain a resolver sends, in its order, skipping other types', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
    const name = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
    const ip = fc.ipV4();
    fc.assert(
      fc.property(
        fc.array(name, { minLength: 1, maxLength: 6 }),
        fc.array(ip, { minLength: 0, maxLength: 3 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (names, ips, ttl) => {
          const [first = 'x'] = names;
          const last = names[names.length - 1] ?? first;
          const chain: Answer[] = names.slice(1).map((target, i) => ({
            type: 'CNAME',
            name: names[i] ?? first,
            ttl,
            data: target,
          }));
          const answers: Answer[] = [
            ...chain,
            { type: 'TXT', name: last, ttl, data: 'ignored' },
            ...ips.map((data): Answer => ({ type: 'A', name: last, ttl, data })),
          ];
          const reply = decodeReply(
            encode({ type: 'response', id: 9, questions: [{ type: 'A', name: first }], answers }),
          );
          expect(reply.answers).toEqual([
            ...names.slice(1).map((target, i) => ({ type: 'CNAME', name: names[i], ttl, target })),
            ...ips.map((address) => ({ type: 'A', name: last, ttl, address })),
          ]);
        },
      ),
    );
  });
});
