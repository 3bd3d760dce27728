import { createSocket } from 'node:dgram';
import { startDnsServer } from '../../lab/dns/dns-server';
import type { DnsFault, LabDnsServer } from '../../lab/dns/dns-server';
import { createDnsResolver } from '../../shared/resolve';

// How long a server that answers may take: the product's default, far more than loopback needs even
// on a busy machine. Only the tests where a server never answers wait for it.
const ANSWER_TIMEOUT_MS = 2000;
// For a server that never answers: the wait always ends at the deadline, however busy the machine.
const SILENT_TIMEOUT_MS = 100;

/** A loopback UDP port with nothing listening: the kernel answers "port unreachable". */
async function closedPort(): Promise<string> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return `127.0.0.1:${port}`;
}

describe('createDnsResolver against the lab DNS server', () => {
  let first: LabDnsServer;
  let second: LabDnsServer;

  beforeEach(async () => {
    first = await startDnsServer();
    second = await startDnsServer();
  });

  afterEach(async () => {
    await Promise.all([first.close(), second.close()]);
  });

  const resolverFor = (...servers: string[]) => createDnsResolver({ servers, timeoutMs: ANSWER_TIMEOUT_MS });

  describe('answers', () => {
    it('resolves an A record: addresses sorted by value, duplicates dropped', async () => {
      // Prepare
      first.setA('db.example', ['10.0.0.10', '10.0.0.9', '10.0.0.10'], 7);
      // Act
      const resolution = await resolverFor(first.address).resolve('db.example');
      // Assess
      expect(resolution).toEqual({
        ok: true,
        addresses: ['10.0.0.9', '10.0.0.10'],
        ttlSeconds: 7,
        chain: ['db.example'],
        server: first.address,
      });
    });

    it('follows a two-hop CNAME chain in one question, reports every name and the TTL of the A records', async () => {
      // Prepare
      first.setCname('orders.cluster-abc.example', 'orders-1.az-a.example', 30);
      first.setCname('orders-1.az-a.example', 'ip-10-0-0-7.example', 20);
      first.setA('ip-10-0-0-7.example', ['10.0.0.7'], 4);
      // Act
      const resolution = await resolverFor(first.address).resolve('orders.cluster-abc.example');
      // Assess
      expect(resolution).toEqual({
        ok: true,
        addresses: ['10.0.0.7'],
        ttlSeconds: 4,
        chain: ['orders.cluster-abc.example', 'orders-1.az-a.example', 'ip-10-0-0-7.example'],
        server: first.address,
      });
      // One round trip: the server answers the A question with the whole chain.
      expect(first.queries.map((q) => `${q.type} ${q.name}`)).toEqual(['A orders.cluster-abc.example']);
    });

    it('asks the server again on every call: a failover shows at once', async () => {
      // Prepare
      first.setA('db.example', ['10.0.0.1'], 300);
      const resolver = resolverFor(first.address);
      await resolver.resolve('db.example');
      first.setA('db.example', ['10.0.0.2'], 300);
      // Act
      const resolution = await resolver.resolve('db.example');
      // Assess
      expect(resolution).toMatchObject({ ok: true, addresses: ['10.0.0.2'] });
      expect(first.queries.filter((q) => q.type === 'A').map((q) => q.name)).toEqual([
        'db.example',
        'db.example',
      ]);
    });

    it('names differ from the records only in case and a trailing dot: still found', async () => {
      // Prepare
      first.setA('db.example', ['10.0.0.1']);
      // Act
      const resolution = await resolverFor(first.address).resolve('DB.Example.');
      // Assess
      expect(resolution).toMatchObject({ ok: true, addresses: ['10.0.0.1'], chain: ['DB.Example.'] });
    });

    it('follows exactly eight CNAMEs', async () => {
      // Prepare
      for (let hop = 0; hop < 8; hop++) first.setCname(`h${hop}.example`, `h${hop + 1}.example`);
      first.setA('h8.example', ['10.0.0.8']);
      // Act
      const resolution = await resolverFor(first.address).resolve('h0.example');
      // Assess
      expect(resolution).toMatchObject({
        ok: true,
        addresses: ['10.0.0.8'],
        chain: [
          'h0.example',
          'h1.example',
          'h2.example',
          'h3.example',
          'h4.example',
          'h5.example',
          'h6.example',
          'h7.example',
          'h8.example',
        ],
      });
    });
  });

  describe('failures, each its own kind', () => {
    const cases: [string, string, string, (lab: LabDnsServer) => void][] = [
      [
        'unknown name',
        'nxdomain',
        'Could not resolve db.example: db.example does not exist (NXDOMAIN from SERVER).',
        () => undefined,
      ],
      [
        'CNAME to a name that does not exist',
        'nxdomain',
        'Could not resolve db.example: gone.example (CNAME target of db.example) does not exist (NXDOMAIN from SERVER).',
        (lab) => lab.setCname('db.example', 'gone.example'),
      ],
      [
        'SERVFAIL',
        'servfail',
        'Could not resolve db.example: SERVER answered SERVFAIL for db.example.',
        (lab) => lab.setFault('db.example', 'servfail'),
      ],
      [
        'NOERROR without records',
        'empty',
        'Could not resolve db.example: db.example has no A record (empty answer from SERVER).',
        (lab) => lab.setFault('db.example', 'empty'),
      ],
      [
        'a CNAME whose target has no A record',
        'empty',
        'Could not resolve db.example: db-1.example (CNAME target of db.example) has no A record (empty answer from SERVER).',
        (lab) => {
          lab.setCname('db.example', 'db-1.example');
          lab.setFault('db-1.example', 'empty');
        },
      ],
      [
        'REFUSED',
        'refused',
        'Could not resolve db.example: SERVER refused the query for db.example.',
        (lab) => lab.setFault('db.example', 'refused'),
      ],
      [
        'CNAME loop',
        'error',
        'Could not resolve db.example: CNAME loop db.example -> db-1.example -> db.example (from SERVER).',
        (lab) => {
          lab.setCname('db.example', 'db-1.example');
          lab.setCname('db-1.example', 'db.example');
        },
      ],
      [
        'nine CNAMEs',
        'error',
        'Could not resolve db.example: more than 8 CNAMEs after db.example (from SERVER).',
        (lab) => {
          for (let hop = 0; hop < 9; hop++) {
            lab.setCname(hop === 0 ? 'db.example' : `h${hop}.example`, `h${hop + 1}.example`);
          }
          lab.setA('h9.example', ['10.0.0.9']);
        },
      ],
    ];

    it.each(cases)('%s -> %s', async (_, failure, detail, prepare) => {
      // Prepare
      prepare(first);
      // Act
      const resolution = await resolverFor(first.address).resolve('db.example');
      // Assess
      expect(resolution).toEqual({ ok: false, failure, detail: detail.replaceAll('SERVER', first.address) });
    });

    it('no answer -> timeout, after exactly timeoutMs by its own clock', async () => {
      // Prepare: a server that never answers; the JS timers are faked so that the deadline is read off
      // a clock no load moves.
      first.setFault('db.example', 'timeout');
      const resolver = createDnsResolver({ servers: [first.address], timeoutMs: SILENT_TIMEOUT_MS });
      const turns = async (count: number) => {
        for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setImmediate(resolve));
      };
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      try {
        let settled = false;
        // Act
        const pending = resolver.resolve('db.example').finally(() => {
          settled = true;
        });
        while (first.queries.length === 0) await turns(1);
        jest.advanceTimersByTime(SILENT_TIMEOUT_MS - 1);
        await turns(10);
        const settledBeforeDeadline = settled;
        jest.advanceTimersByTime(1);
        await turns(10);
        const settledAtDeadline = settled;
        // Assess
        expect([settledBeforeDeadline, settledAtDeadline]).toEqual([false, true]);
        expect(await pending).toEqual({
          ok: false,
          failure: 'timeout',
          detail: `Could not resolve db.example: ${first.address} did not answer for db.example within 100 ms.`,
        });
        expect(first.queries.map((q) => `${q.type} ${q.name}`)).toEqual(['A db.example']);
      } finally {
        jest.useRealTimers();
      }
    });

    it('a server nobody listens on -> refused', async () => {
      // Prepare
      const closed = await closedPort();
      // Act
      const resolution = await resolverFor(closed).resolve('db.example');
      // Assess
      expect(resolution).toEqual({
        ok: false,
        failure: 'refused',
        detail: `Could not resolve db.example: ${closed} could not be reached (ECONNREFUSED).`,
      });
    });
  });

  describe('several servers', () => {
    it.each<[DnsFault]>([['timeout'], ['servfail'], ['refused']])(
      'first server fails with %s: the second answers',
      async (fault) => {
        // Prepare
        first.setFault('db.example', fault);
        second.setA('db.example', ['10.0.0.2']);
        // Act
        const resolution = await resolverFor(first.address, second.address).resolve('db.example');
        // Assess
        expect(resolution).toEqual({
          ok: true,
          addresses: ['10.0.0.2'],
          ttlSeconds: 5,
          chain: ['db.example'],
          server: second.address,
        });
      },
    );

    it('first server unreachable: the second answers', async () => {
      // Prepare
      const closed = await closedPort();
      second.setA('db.example', ['10.0.0.2']);
      // Act
      const resolution = await resolverFor(closed, second.address).resolve('db.example');
      // Assess
      expect(resolution).toMatchObject({ ok: true, addresses: ['10.0.0.2'], server: second.address });
    });

    it('first server fails in the middle of the chain: the second resolves it from the start', async () => {
      // Prepare
      first.setCname('db.example', 'db-1.example');
      first.setFault('db-1.example', 'servfail');
      second.setCname('db.example', 'db-2.example');
      second.setA('db-2.example', ['10.0.0.2']);
      // Act
      const resolution = await resolverFor(first.address, second.address).resolve('db.example');
      // Assess
      expect(resolution).toMatchObject({
        ok: true,
        addresses: ['10.0.0.2'],
        chain: ['db.example', 'db-2.example'],
        server: second.address,
      });
    });

    it.each<[DnsFault, string, string]>([
      ['nxdomain', 'nxdomain', 'db.example does not exist (NXDOMAIN from SERVER)'],
      ['empty', 'empty', 'db.example has no A record (empty answer from SERVER)'],
    ])('first server answers %s: final, the second is not asked', async (fault, failure, clause) => {
      // Prepare
      first.setFault('db.example', fault);
      second.setA('db.example', ['10.0.0.2']);
      // Act
      const resolution = await resolverFor(first.address, second.address).resolve('db.example');
      // Assess
      expect(resolution).toEqual({
        ok: false,
        failure,
        detail: `Could not resolve db.example: ${clause.replace('SERVER', first.address)}.`,
      });
      expect(second.queries).toEqual([]);
    });

    it('every server fails: the last failure, and the detail names each server', async () => {
      // Prepare
      first.setFault('db.example', 'timeout');
      second.setFault('db.example', 'servfail');
      // Act
      const resolution = await resolverFor(first.address, second.address).resolve('db.example');
      // Assess
      expect(resolution).toEqual({
        ok: false,
        failure: 'servfail',
        detail:
          `Could not resolve db.example: ${first.address} did not answer for db.example within 2000 ms; ` +
          `${second.address} answered SERVFAIL for db.example.`,
      });
    });
  });
});
