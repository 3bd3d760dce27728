import { getServers, setServers } from 'node:dns/promises';
import type { RecordWithTtl } from 'node:dns';
import { classifyDnsError, createDnsResolver } from '../../shared/resolve';
import type { DnsErrorMeaning, DnsQuerier } from '../../shared/resolve';

const dnsError = (code: string): Error => Object.assign(new Error(`query ${code}`), { code });

/** A querier answering from tables; names it does not know have no record of that type (ENODATA). */
function fakeQuerier(answers: {
  cname?: Record<string, string[]>;
  a?: Record<string, RecordWithTtl[] | Error>;
}) {
  const calls = { servers: [] as string[][], cancelled: 0 };
  const querier: DnsQuerier = {
    setServers: (servers) => void calls.servers.push(servers),
    resolveCname: async (name) => {
      const targets = answers.cname?.[name];
      if (targets === undefined) throw dnsError('ENODATA');
      return targets;
    },
    resolve4: async (name) => {
      const records = answers.a?.[name];
      if (records === undefined) throw dnsError('ENODATA');
      if (records instanceof Error) throw records;
      return records;
    },
    cancel: () => void calls.cancelled++,
  };
  return { querier, calls };
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

describe('createDnsResolver with a fake querier', () => {
  it('reports the smallest TTL among the A records', async () => {
    // Prepare
    const { querier } = fakeQuerier({
      a: {
        'db.example': [
          { address: '10.0.0.2', ttl: 9 },
          { address: '10.0.0.1', ttl: 4 },
          { address: '10.0.0.3', ttl: 7 },
        ],
      },
    });
    const resolver = createDnsResolver({ servers: ['192.0.2.53'], createQuerier: () => querier });
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

  it('a server answering the CNAME question with A records ends the chain, it is not a loop', async () => {
    // Prepare: c-ares then reports the question's own name as the CNAME target.
    const { querier } = fakeQuerier({
      cname: { 'db.example': ['DB.example'] },
      a: { 'db.example': [{ address: '10.0.0.1', ttl: 5 }] },
    });
    const resolver = createDnsResolver({ servers: ['192.0.2.53'], createQuerier: () => querier });
    // Act
    const resolution = await resolver.resolve('db.example');
    // Assess
    expect(resolution).toMatchObject({ ok: true, addresses: ['10.0.0.1'], chain: ['db.example'] });
  });

  it('an A answer without records is empty, not ok', async () => {
    // Prepare: what c-ares returns when the answer holds only CNAMEs.
    const { querier } = fakeQuerier({ a: { 'db.example': [] } });
    const resolver = createDnsResolver({ servers: ['192.0.2.53'], createQuerier: () => querier });
    // Act
    const resolution = await resolver.resolve('db.example');
    // Assess
    expect(resolution).toEqual({
      ok: false,
      failure: 'empty',
      detail: 'Could not resolve db.example: db.example has no A record (empty answer from 192.0.2.53).',
    });
  });

  it('asks each server through its own querier, in the order given', async () => {
    // Prepare
    const { querier, calls } = fakeQuerier({ a: { 'db.example': dnsError('ESERVFAIL') } });
    const resolver = createDnsResolver({
      servers: ['192.0.2.1', '192.0.2.2:5353'],
      createQuerier: () => querier,
    });
    // Act
    const resolution = await resolver.resolve('db.example');
    // Assess
    expect(calls.servers).toEqual([['192.0.2.1'], ['192.0.2.2:5353']]);
    expect(resolution).toMatchObject({ ok: false, failure: 'servfail' });
  });

  it('cancels the query and reports a timeout when no answer comes within timeoutMs', async () => {
    // Prepare
    const { querier, calls } = fakeQuerier({});
    querier.resolveCname = () => new Promise<string[]>(() => undefined);
    const resolver = createDnsResolver({
      servers: ['192.0.2.53'],
      timeoutMs: 20,
      createQuerier: () => querier,
    });
    // Act
    const resolution = await resolver.resolve('db.example');
    // Assess
    expect(resolution).toEqual({
      ok: false,
      failure: 'timeout',
      detail: 'Could not resolve db.example: 192.0.2.53 did not answer for db.example within 20 ms.',
    });
    expect(calls.cancelled).toBe(1);
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
      const { querier, calls } = fakeQuerier({ a: { 'db.example': [{ address: '10.0.0.1', ttl: 5 }] } });
      const resolver = createDnsResolver({ servers: [], createQuerier: () => querier });
      // Act
      const resolution = await resolver.resolve('db.example');
      // Assess
      expect(calls.servers).toEqual([['192.0.2.7']]);
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
    // Prepare: the real node:dns Resolver, which throws from setServers.
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
