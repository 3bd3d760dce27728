import { getServers, setServers } from 'node:dns/promises';
import { classifyDnsError, createDnsResolver } from '../../shared/resolve';
import type { DnsErrorMeaning, DnsQuerier } from '../../shared/resolve';
import type { DnsAnswerRecord, DnsReply } from '../../shared/resolve/dns-wire';

const dnsError = (code: string): Error => Object.assign(new Error(`query ${code}`), { code });

/**
 * Servers answering from tables as a recursive resolver does: the CNAME chain, then the A records of
 * its last name, in one reply. A name in no table is NXDOMAIN; an `Error` in `a` is thrown.
 */
function fakeServers(tables: {
  cname?: Record<string, string>;
  a?: Record<string, { address: string; ttl: number }[] | Error>;
  rcode?: number;
}) {
  const calls = { servers: [] as string[], questions: [] as string[] };
  const queryA = async (question: string): Promise<DnsReply> => {
    calls.questions.push(question);
    const answers: DnsAnswerRecord[] = [];
    let name = question;
    for (let target = tables.cname?.[name]; target !== undefined; target = tables.cname?.[name]) {
      answers.push({ type: 'CNAME', name, ttl: 5, target });
      name = target;
    }
    const records = tables.a?.[name];
    if (records instanceof Error) throw records;
    const known = records !== undefined || answers.length > 0;
    for (const r of records ?? []) answers.push({ type: 'A', name, ttl: r.ttl, address: r.address });
    return { id: 1, rcode: tables.rcode ?? (known ? 0 : 3), truncated: false, question, answers };
  };
  const createQuerier = (server: string): DnsQuerier => {
    calls.servers.push(server);
    return { queryA };
  };
  return { createQuerier, calls };
}

describe('classifyDnsError', () => {
  const cases: [string, unknown, DnsErrorMeaning][] = [
    ['NXDOMAIN', dnsError('ENOTFOUND'), { failure: 'nxdomain', fallback: false }],
    ['NOERROR, no records', dnsError('ENODATA'), { failure: 'empty', fallback: false }],
    ['SERVFAIL', dnsError('ESERVFAIL'), { failure: 'servfail', fallback: true }],
    ['no answer', dnsError('ETIMEOUT'), { failure: 'timeout', fallback: true }],
    ['REFUSED', dnsError('EREFUSED'), { failure: 'refused', fallback: true }],
    ['server unreachable', dnsError('ECONNREFUSED'), { failure: 'refused', fallback: true }],
    ['malformed reply', dnsError('EBADRESP'), { failure: 'error', fallback: false }],
    ['invalid name', dnsError('EBADNAME'), { failure: 'error', fallback: false }],
    ['an error without a code', new Error('boom'), { failure: 'error', fallback: false }],
    ['not an error at all', 'boom', { failure: 'error', fallback: false }],
    // Under Jest, node:dns errors come from another realm: only their shape can be trusted.
    [
      'a plain object with a code',
      { code: 'ETIMEOUT', message: 'x' },
      { failure: 'timeout', fallback: true },
    ],
  ];

  it.each(cases)('%s', (_, error, meaning) => {
    // Act
    const result = classifyDnsError(error);
    // Assess
    expect(result).toEqual(meaning);
  });
});

describe('createDnsResolver with fake servers', () => {
  it('reports the smallest TTL among the A records', async () => {
    // Prepare
    const { createQuerier } = fakeServers({
      a: {
        'db.example': [
          { address: '10.0.0.2', ttl: 9 },
          { address: '10.0.0.1', ttl: 4 },
          { address: '10.0.0.3', ttl: 7 },
        ],
      },
    });
    const resolver = createDnsResolver({ servers: ['192.0.2.53'], createQuerier });
    // Act
    const resolution = await resolver.resolve('db.example');
    // Assess
    expect(resolution).toEqual({
      ok: true,
      addresses: ['10.0.0.1', '10.0.0.2', '10.0.0.3'],
      ttlSeconds: 4,
      chain: ['db.example'],
      server: '192.0.2.53',
    });
  });

  it('takes the CNAME chain from the A answer: one question, whatever its length', async () => {
    // Prepare
    const { createQuerier, calls } = fakeServers({
      cname: { 'orders.cluster.example': 'orders-1.example', 'orders-1.example': 'ec2-1.example' },
      a: { 'ec2-1.example': [{ address: '10.0.0.1', ttl: 5 }] },
    });
    const resolver = createDnsResolver({ servers: ['192.0.2.53'], createQuerier });
    // Act
    const resolution = await resolver.resolve('orders.cluster.example');
    // Assess
    expect(resolution).toMatchObject({
      ok: true,
      addresses: ['10.0.0.1'],
      chain: ['orders.cluster.example', 'orders-1.example', 'ec2-1.example'],
    });
    expect(calls.questions).toEqual(['orders.cluster.example']);
  });

  it('an A answer with only CNAMEs is empty, naming the last name', async () => {
    // Prepare
    const { createQuerier } = fakeServers({ cname: { 'db.example': 'db-1.example' }, rcode: 0 });
    const resolver = createDnsResolver({ servers: ['192.0.2.53'], createQuerier });
    // Act
    const resolution = await resolver.resolve('db.example');
    // Assess
    expect(resolution).toEqual({
      ok: false,
      failure: 'empty',
      detail:
        'Could not resolve db.example: db-1.example (CNAME target of db.example) has no A record (empty answer from 192.0.2.53).',
    });
  });

  it('asks each server through its own querier, in the order given', async () => {
    // Prepare
    const { createQuerier, calls } = fakeServers({ rcode: 2 });
    const resolver = createDnsResolver({ servers: ['192.0.2.1', '192.0.2.2:5353'], createQuerier });
    // Act
    const resolution = await resolver.resolve('db.example');
    // Assess
    expect(calls.servers).toEqual(['192.0.2.1', '192.0.2.2:5353']);
    expect(resolution).toMatchObject({ ok: false, failure: 'servfail' });
  });

  it('reports a timeout when no answer comes within timeoutMs, whatever the querier does', async () => {
    // Prepare
    const resolver = createDnsResolver({
      servers: ['192.0.2.53'],
      timeoutMs: 20,
      createQuerier: () => ({ queryA: () => new Promise<DnsReply>(() => undefined) }),
    });
    // Act
    const resolution = await resolver.resolve('db.example');
    // Assess
    expect(resolution).toEqual({
      ok: false,
      failure: 'timeout',
      detail: 'Could not resolve db.example: 192.0.2.53 did not answer for db.example within 20 ms.',
    });
  });

  describe('without servers configured', () => {
    let system: string[];
    beforeEach(() => {
      system = getServers();
    });
    afterEach(() => {
      setServers(system);
    });

    it("asks the system's servers", async () => {
      // Prepare
      setServers(['192.0.2.7', '192.0.2.8']);
      const { createQuerier, calls } = fakeServers({
        a: { 'db.example': [{ address: '10.0.0.1', ttl: 5 }] },
      });
      const resolver = createDnsResolver({ servers: [], createQuerier });
      // Act
      const resolution = await resolver.resolve('db.example');
      // Assess
      expect(calls.servers).toEqual(['192.0.2.7']);
      expect(resolution).toMatchObject({ ok: true, server: '192.0.2.7' });
    });

    it('the system has none either: an error outcome', async () => {
      // Prepare
      setServers([]);
      const resolver = createDnsResolver();
      // Act
      const resolution = await resolver.resolve('db.example');
      // Assess
      expect(resolution).toEqual({
        ok: false,
        failure: 'error',
        detail: 'Could not resolve db.example: no DNS server configured.',
      });
    });
  });

  it('an invalid server address is an error outcome, never a throw', async () => {
    // Prepare
    const resolver = createDnsResolver({ servers: ['not-an-ip'] });
    // Act
    const resolution = await resolver.resolve('db.example');
    // Assess
    expect(resolution).toEqual({
      ok: false,
      failure: 'error',
      detail: 'Could not resolve db.example: not-an-ip failed for db.example: Invalid IP address: not-an-ip.',
    });
  });
});
