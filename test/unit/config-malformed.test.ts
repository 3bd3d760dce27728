import { mkdtempSync, writeFileSync } from 'node:fs';
import { Resolver } from 'node:dns';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ConfigError, loadConfig, parseConfig } from '../../shared/config';
import { dnsServerProblem } from '../../shared/config/network';

// Malformed bindings files as a new user writes them, each with every problem it must report, whole.
const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders/0123456789abcdef';
const elb = `pools: [{ aws-elbv2: { targetGroupArn: "${TG}" } }]`;
const clb = (extra: string) =>
  `pools: [{ alicloud-clb: { region: cn-hangzhou, loadBalancerId: lb-1, vServerGroupId: rsp-1, listenerPort: 3306, port: 3306, ${extra} } }]`;
/** One binding named orders, with `line` added to it (a YAML flow mapping entry list). */
const orders = (fields: string) => `bindings:\n  - { name: orders, ${fields} }\n`;
const ok = (extra = '') => orders(`endpoint: "orders.example:5432", ${elb}${extra}`);
const withEndpoint = (endpoint: string) => orders(`endpoint: ${JSON.stringify(endpoint)}, ${elb}`);
const withServer = (server: string) => `dns: { servers: [${JSON.stringify(server)}] }\n${ok()}`;
const withPolicy = (policy: string) => ok(`, policy: { ${policy} }`);

const CASES: readonly (readonly [string, string, readonly string[]])[] = [
  [
    'dns server with port 0',
    withServer('10.0.0.2:0'),
    ['dns.servers[0]: the port must be from 1 to 65535; found 0'],
  ],
  [
    'dns server with port 65536',
    withServer('10.0.0.2:65536'),
    ['dns.servers[0]: the port must be from 1 to 65535; found 65536'],
  ],
  [
    'dns server with port 99999 and a bad address',
    withServer('999.999.999.999:99999'),
    [
      "dns.servers[0]: must be an IPv4 or IPv6 address, optionally with a port: 10.0.0.2, 10.0.0.2:53, fd00::2 or [fd00::2]:53; found '999.999.999.999:99999'",
    ],
  ],
  [
    'dns server as a host name',
    withServer('dns.example:53'),
    [
      "dns.servers[0]: must be an IPv4 or IPv6 address, optionally with a port: 10.0.0.2, 10.0.0.2:53, fd00::2 or [fd00::2]:53; found 'dns.example:53'",
    ],
  ],
  [
    'dns server with an empty port',
    withServer('10.0.0.2:'),
    ["dns.servers[0]: the port must be a number from 1 to 65535; found ''"],
  ],
  [
    'dns server IPv6 with port 0',
    withServer('[fd00::2]:0'),
    ['dns.servers[0]: the port must be from 1 to 65535; found 0'],
  ],
  [
    'dns server IPv6 bracketed garbage',
    withServer('[fd00::zz]:53'),
    [
      "dns.servers[0]: must be an IPv4 or IPv6 address, optionally with a port: 10.0.0.2, 10.0.0.2:53, fd00::2 or [fd00::2]:53; found '[fd00::zz]:53'",
    ],
  ],
  [
    'dns server as a number',
    `dns: { servers: [53] }\n${ok()}`,
    ['dns.servers[0]: expected a string, found a number'],
  ],
  [
    'dns servers as a string',
    `dns: { servers: "10.0.0.2" }\n${ok()}`,
    ['dns.servers: expected a list, found a string'],
  ],
  [
    'dns timeoutMs too large',
    `dns: { timeoutMs: 1e300 }\n${ok()}`,
    ['dns.timeoutMs: must be a whole number from 10 to 30000 milliseconds; found 1e+300'],
  ],
  [
    'endpoint without a port',
    withEndpoint('orders.example'),
    [
      "binding 'orders': endpoint: must be host:port, such as orders.cluster-abc123.us-east-1.rds.amazonaws.com:5432; found 'orders.example'",
    ],
  ],
  [
    'endpoint port 0',
    withEndpoint('orders.example:0'),
    ["binding 'orders': endpoint: the port must be from 1 to 65535; found 0"],
  ],
  [
    'endpoint port 99999',
    withEndpoint('orders.example:99999'),
    ["binding 'orders': endpoint: the port must be from 1 to 65535; found 99999"],
  ],
  [
    'endpoint port not a number',
    withEndpoint('orders.example:pg'),
    ["binding 'orders': endpoint: the port must be a number from 1 to 65535; found 'pg'"],
  ],
  [
    'endpoint host of 100,000 characters',
    withEndpoint(`${'a'.repeat(100_000)}:5432`),
    ["binding 'orders': endpoint: the host name is 100000 characters long; a DNS name has at most 253"],
  ],
  [
    'endpoint label of 64 characters',
    withEndpoint(`${'a'.repeat(64)}.example:5432`),
    ["binding 'orders': endpoint: the host name has a label of 64 characters; a label has at most 63"],
  ],
  [
    'endpoint with an underscore',
    withEndpoint('orders_db.example:5432'),
    ["binding 'orders': endpoint: the host name label 'orders_db' must be letters, digits and inner dashes"],
  ],
  [
    'endpoint with an empty label',
    withEndpoint('orders..example:5432'),
    ["binding 'orders': endpoint: the host name 'orders..example' has an empty label"],
  ],
  [
    'Aurora reader endpoint',
    withEndpoint('orders.cluster-ro-abc123.us-east-1.rds.amazonaws.com:5432'),
    [
      "binding 'orders': endpoint: is an Aurora reader endpoint (cluster-ro-): each query answers with another reader, so the pool would flap between readers and never hold the writer; bind the cluster (writer) endpoint",
    ],
  ],
  [
    '-ro- endpoint',
    withEndpoint('orders-ro-1.proxy-abc123.us-east-1.rds.amazonaws.com:5432'),
    [
      "binding 'orders': endpoint: looks like a read-only endpoint (-ro-): a reader endpoint answers with another reader on each query, so the pool would flap; bind the writer endpoint",
    ],
  ],
  [
    'endpoint as a number',
    orders(`endpoint: 5432, ${elb}`),
    ["binding 'orders': endpoint: expected a string, found a number"],
  ],
  [
    'name as a number',
    orders(`name: 42, endpoint: "orders.example:5432", ${elb}`).replace('name: orders, ', ''),
    ['binding #1: name: expected a string, found a number'],
  ],
  [
    'name with capitals',
    ok().replace('name: orders', 'name: Orders'),
    ["binding #1: name: must be lower-case letters, digits and dashes, at most 63; found 'Orders'"],
  ],
  ['name missing', ok().replace('name: orders, ', ''), ['binding #1: name: is required']],
  [
    'pools as a mapping',
    orders(`endpoint: "orders.example:5432", pools: { aws-elbv2: {} }`),
    ["binding 'orders': pools: expected a list, found a mapping"],
  ],
  [
    'pool with no kind',
    orders(`endpoint: "orders.example:5432", pools: [{}]`),
    [
      "binding 'orders': pools[0]: must name exactly one pool kind: aws-elbv2, aws-route53-record, alicloud-nlb or alicloud-clb",
    ],
  ],
  [
    'elbv2 port 0',
    orders(`endpoint: "orders.example:5432", pools: [{ aws-elbv2: { targetGroupArn: "${TG}", port: 0 } }]`),
    ["binding 'orders': pools[0].aws-elbv2.port: must be a whole number from 1 to 65535; found 0"],
  ],
  [
    'elbv2 port 1.5',
    orders(`endpoint: "orders.example:5432", pools: [{ aws-elbv2: { targetGroupArn: "${TG}", port: 1.5 } }]`),
    ["binding 'orders': pools[0].aws-elbv2.port: must be a whole number from 1 to 65535; found 1.5"],
  ],
  [
    'CLB relay listed twice',
    orders(`endpoint: "orders.example:5432", ${clb('relays: [i-a, i-b, i-a]')}`),
    ["binding 'orders': pools[0].alicloud-clb.relays: lists 'i-a' more than once"],
  ],
  [
    'CLB activeRelays above the relays',
    orders(`endpoint: "orders.example:5432", ${clb('relays: [i-a, i-b], activeRelays: 3')}`),
    ["binding 'orders': pools[0].alicloud-clb.activeRelays: is 3, but only 2 relay(s) are listed"],
  ],
  [
    'CLB activeRelays 0',
    orders(`endpoint: "orders.example:5432", ${clb('relays: [i-a], activeRelays: 0')}`),
    ["binding 'orders': pools[0].alicloud-clb.activeRelays: must be a whole number from 1 to 100; found 0"],
  ],
  [
    'CLB no relays',
    orders(`endpoint: "orders.example:5432", ${clb('relays: []')}`),
    [
      "binding 'orders': pools[0].alicloud-clb.relays: must name at least one relay",
      "binding 'orders': pools[0].alicloud-clb.activeRelays: is 1, but only 0 relay(s) are listed",
    ],
  ],
  [
    'allowed CIDR 0.0.0.0/0',
    ok(', allowedCidrs: [0.0.0.0/0]'),
    [
      "binding 'orders': allowedCidrs[0]: 0.0.0.0/0 admits every address, public ones included: name the database's subnets (at most /8 wide)",
    ],
  ],
  [
    'allowed CIDR /4',
    ok(', allowedCidrs: [10.0.0.0/16, 16.0.0.0/4]'),
    [
      "binding 'orders': allowedCidrs[1]: 16.0.0.0/4 admits far more than a database subnet, public ones included: name the database's subnets (at most /8 wide)",
    ],
  ],
  [
    'allowed CIDR as a number',
    ok(', allowedCidrs: [10]'),
    ["binding 'orders': allowedCidrs[0]: expected a string, found a number"],
  ],
  [
    'settlePollMs 1e300',
    withPolicy('settlePollMs: 1e300'),
    [
      "binding 'orders': policy.settlePollMs: must be a whole number from 10 to 60000 milliseconds; found 1e+300",
    ],
  ],
  [
    'settlePollMs 5',
    withPolicy('settlePollMs: 5'),
    ["binding 'orders': policy.settlePollMs: must be a whole number from 10 to 60000 milliseconds; found 5"],
  ],
  [
    'healthPollMs as a string',
    withPolicy('healthPollMs: "5s"'),
    ["binding 'orders': policy.healthPollMs: expected a number, found a string"],
  ],
  [
    'settleSeconds negative',
    withPolicy('settleSeconds: -1'),
    ["binding 'orders': policy.settleSeconds: must be from 0 to 600 seconds; found -1"],
  ],
  [
    'healthTimeoutSeconds .inf',
    withPolicy('healthTimeoutSeconds: .inf'),
    ["binding 'orders': policy.healthTimeoutSeconds: must be from 0 to 840 seconds; found Infinity"],
  ],
  [
    'settleSeconds .nan',
    withPolicy('settleSeconds: .nan'),
    ["binding 'orders': policy.settleSeconds: expected a number, found .nan (not a number)"],
  ],
  [
    'mode as a number',
    withPolicy('mode: 1'),
    ["binding 'orders': policy.mode: must be apply or report-only; found a number"],
  ],
  [
    'maxBackends 0',
    ok(', maxBackends: 0'),
    ["binding 'orders': maxBackends: must be a whole number from 1 to 1000; found 0"],
  ],
  [
    'webhook env with a lower-case name',
    ok(', alert: { webhook: [{ url: "env:lower" }] }'),
    [
      "binding 'orders': alert.webhook[0].url: env: must be followed by an environment variable name (A-Z, 0-9, _)",
    ],
  ],
  [
    'webhook URL not http',
    ok(', alert: { webhook: [{ url: "ftp://hooks.example/T000/secret-token" }] }'),
    ["binding 'orders': alert.webhook[0].url: must be an http(s) URL or env:VARIABLE_NAME"],
  ],
  [
    'webhook as a mapping',
    ok(', alert: { webhook: { url: "https://hooks.example/x" } }'),
    ["binding 'orders': alert.webhook: expected a list, found a mapping"],
  ],
  [
    'sns as a number',
    ok(', alert: { sns: 7 }'),
    ["binding 'orders': alert.sns: must be a string or a list of strings; found a number"],
  ],
  ['unknown top-level field', `colour: blue\n${ok()}`, ['colour: unknown field']],
  ['bindings empty', 'bindings: []\n', ['bindings: must hold at least one binding']],
  ['bindings a string', 'bindings: orders\n', ['bindings: expected a list, found a string']],
  ['a list at the top', '- orders\n', ['(top level): expected a mapping, found a list']],
  ['a scalar at the top', 'orders\n', ['(top level): expected a mapping, found a string']],
  [
    'duplicate key',
    `${ok()}bindings: []\n`,
    ['not valid YAML or JSON: Map keys must be unique at line 3, column 1'],
  ],
  [
    'duplicate names and a bad field',
    `bindings:\n  - { name: orders, endpoint: "orders.example:0", ${elb} }\n  - { name: orders, endpoint: "orders.example:5432", ${elb} }\n`,
    [
      "binding 'orders': endpoint: the port must be from 1 to 65535; found 0",
      "binding 'orders': name: used by more than one binding",
    ],
  ],
  [
    'binary',
    `\u0000\u0001PK\u0003\u0004${'\u00ff'.repeat(4000)}`,
    ['not a text file: character U+0000 at line 1, column 1; a bindings file is YAML or JSON text'],
  ],
  [
    'a control character in a value',
    ok().replace('orders.example', 'orders\u0007.example'),
    ['not a text file: character U+0007 at line 2, column 38; a bindings file is YAML or JSON text'],
  ],
  [
    'a lone surrogate',
    ok().replace('orders.example', 'orders\ud800.example'),
    ['not a text file: character U+D800 at line 2, column 38; a bindings file is YAML or JSON text'],
  ],
  [
    'oversized',
    `# ${'x'.repeat(1024 * 1024)}\n${ok()}`,
    ['the file is 1048778 characters; a bindings file may hold at most 1048576'],
  ],
  [
    'a 4 KB unknown key',
    `${'k'.repeat(4096)}: 1\n${ok()}`,
    [
      'not valid YAML or JSON: The : indicator must be at most 1024 chars after the start of an implicit block mapping key at line 1, column 1',
    ],
  ],
  [
    'an unterminated quote with a long line',
    `bindings: [{ name: "orders${'x'.repeat(4000)}`,
    ['not valid YAML or JSON: Missing closing "quote at line 1, column 4027'],
  ],
];

const problemsOf = (text: string): readonly string[] => {
  try {
    parseConfig(text, 'bindings.yml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('a malformed bindings file', () => {
  it('has at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES)('%s', (_name, text, expected) => {
    expect(problemsOf(text)).toEqual(expected);
  });

  it('is refused in one short line when it is binary or oversized on disk', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'bindings-'));
    const binary = join(dir, 'bindings.zip');
    writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe, 0x80, ...Array(4000).fill(0x9c)]));
    const huge = join(dir, 'huge.yml');
    writeFileSync(huge, `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    // Act
    const errors = await Promise.all([binary, huge].map((path) => loadConfig(path).catch((e: unknown) => e)));
    // Assess
    expect(errors.map((e) => (e as ConfigError).message)).toEqual([
      `${binary}: 1 problem(s)\n  - not a text file: it is not valid UTF-8; a bindings file is YAML or JSON text`,
      `${huge}: 1 problem(s)\n  - the file is 2097155 bytes; a bindings file may hold at most 1048576`,
    ]);
  });
});

describe('dns.servers', () => {
  it('accepts IPv4 and IPv6 literals with and without a port, each one Node takes', () => {
    // Prepare
    const servers = ['10.0.0.2', '10.0.0.2:53', 'fd00::2', '[fd00::2]', '[fd00::2]:5353', '127.0.0.1:65535'];
    const text = `dns: { servers: ${JSON.stringify(servers)} }\n${ok()}`;
    // Act
    const config = parseConfig(text, 'bindings.yml');
    // Assess
    expect(config.dns.servers).toEqual(servers);
    for (const server of servers) expect(() => new Resolver().setServers([server])).not.toThrow();
  });

  it('accepts a port exactly when it is 1 to 65535', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200_000 }), fc.boolean(), (port, v6) => {
        const server = v6 ? `[fd00::2]:${port}` : `10.0.0.2:${port}`;
        expect(dnsServerProblem(server) === undefined).toBe(port >= 1 && port <= 65535);
      }),
    );
  });
});
