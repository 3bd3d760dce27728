import { join } from 'node:path';
import { ConfigError, loadConfig, parseConfig } from '../../shared/config';

const ROOT = join(__dirname, '..', '..');

const problemsOf = (text: string): readonly string[] => {
  try {
    parseConfig(text, 'bindings.yml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('loads the sample shipped in the repo, with defaults filled in, its env: webhook variable unset', async () => {
    // Act
    const config = await loadConfig(join(ROOT, 'bindings.example.yml'), { env: {} });
    // Assess
    expect(config.dns).toEqual({ servers: [], timeoutMs: 2000 });
    expect(config.bindings.map((b) => b.name)).toEqual(['orders', 'inventory', 'billing']);
    const [orders, inventory, billing] = config.bindings;
    expect(orders).toEqual({
      name: 'orders',
      endpoint: { host: 'orders.cluster-abc123xyz.us-east-1.rds.amazonaws.com', port: 5432 },
      sources: { awsInstances: [], awsClusters: ['orders'], alicloudInstances: [] },
      resolve: { awsRdsWriter: { cluster: 'orders', prefer: 'api' } },
      pools: [
        {
          kind: 'aws-elbv2',
          targetGroupArn:
            'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-pg/0123456789abcdef',
          port: 5432,
        },
      ],
      allowedCidrs: ['10.20.0.0/16'],
      maxBackends: 1,
      onSwap: { clientConnections: 'close', deregistrationDelaySeconds: 30 },
      policy: {
        mode: 'apply',
        settleSeconds: 120,
        settlePollMs: 1000,
        healthTimeoutSeconds: 300,
        healthPollMs: 5000,
        onHealthTimeout: 'keep-old',
      },
      alert: { sns: ['arn:aws:sns:us-east-1:123456789012:db-failover'], webhooks: [] },
    });
    expect(inventory?.sources.awsInstances).toEqual(['inventory']);
    expect(inventory?.pools[0]).toEqual({
      kind: 'aws-elbv2',
      targetGroupArn:
        'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/inventory-mysql/fedcba9876543210',
      port: 3306,
      availabilityZone: 'all',
    });
    expect(inventory?.allowedCidrs).toEqual([
      '10.0.0.0/8',
      '172.16.0.0/12',
      '192.168.0.0/16',
      '100.64.0.0/10',
    ]);
    expect(inventory?.policy.mode).toBe('report-only');
    expect(inventory?.onSwap).toEqual({ clientConnections: 'close', deregistrationDelaySeconds: 30 });
    expect(inventory?.alert.sns).toEqual(['arn:aws:sns:us-east-1:123456789012:inventory-oncall']);
    expect(billing?.sources.alicloudInstances).toEqual(['rm-bp15gq963ic327h8f']);
    expect(billing?.resolve).toEqual({
      alicloudRds: { region: 'cn-hangzhou', instance: 'rm-bp15gq963ic327h8f', prefer: 'api' },
    });
    expect(billing?.pools).toEqual([
      { kind: 'alicloud-nlb', region: 'cn-hangzhou', serverGroupId: 'sgp-0abc123def456', port: 3306 },
      {
        kind: 'alicloud-clb',
        region: 'cn-hangzhou',
        loadBalancerId: 'lb-bp1abc123def456',
        vServerGroupId: 'rsp-bp1abc123def456',
        listenerPort: 3306,
        port: 3306,
        relays: ['i-bp1relay0a', 'i-bp1relay0b'],
        activeRelays: 1,
        weight: 100,
      },
    ]);
    // A binding's own alert replaces the top-level default rather than adding to it.
    expect(billing?.alert).toEqual({
      sns: [],
      cloudMonitor: { region: 'cn-hangzhou' },
      webhooks: [{ kind: 'dingtalk', url: 'env:DINGTALK_WEBHOOK_URL' }],
    });
  });

  it('names the pool kinds when a pool names none or two', () => {
    const problems = problemsOf(`bindings:
  - name: a
    endpoint: a.example:3306
    pools:
      - {}
      - alicloud-nlb: { region: cn-hangzhou, serverGroupId: sgp-1 }
        alicloud-clb: { region: cn-hangzhou, loadBalancerId: lb-1, vServerGroupId: rsp-1, listenerPort: 1, port: 1, relays: [bad] }`);
    expect(problems).toEqual([
      "binding 'a': pools[0]: must name exactly one pool kind: aws-elbv2, aws-route53-record, alicloud-nlb or alicloud-clb",
      "binding 'a': pools[1].alicloud-clb.relays[0]: must be an ECS instance id (i-...); found 'bad'",
      "binding 'a': pools[1]: must name exactly one pool kind: aws-elbv2, aws-route53-record, alicloud-nlb or alicloud-clb",
    ]);
  });

  it('accepts JSON', () => {
    // Act
    const config = parseConfig(
      JSON.stringify({
        bindings: [
          {
            name: 'a',
            endpoint: 'a.example:3306',
            pools: [
              {
                'aws-elbv2': {
                  targetGroupArn:
                    'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/a/0000000000000001',
                },
              },
            ],
          },
        ],
      }),
      'bindings.json',
    );
    // Assess
    expect(config.bindings[0]?.endpoint).toEqual({ host: 'a.example', port: 3306 });
  });

  it('fails on a missing file with its path', async () => {
    await expect(loadConfig('/nonexistent/bindings.yml')).rejects.toThrow(
      /^\/nonexistent\/bindings\.yml: 1 problem\(s\)\n {2}- cannot read the file/,
    );
  });

  it('reports one message per problem, naming the binding and the field', () => {
    // Prepare
    const text = `
dns:
  servers: [not-an-ip]
bindings:
  - name: orders
    endpoint: orders.example
    pools:
      - aws-elbv2: { targetGroupArn: "arn:aws:sns:us-east-1:123456789012:x", port: 70000 }
    allowedCidrs: [10.0.0.0/33]
    policy: { onHealthTimeout: drop-everything, settleSeconds: 9000 }
    alert: { sns: nope }
    colour: blue
  - endpoint: b.example:5432
    pools: []
`;
    // Act
    const problems = problemsOf(text);
    // Assess
    expect(problems).toEqual([
      "dns.servers[0]: must be an IPv4 or IPv6 address, optionally with a port: 10.0.0.2, 10.0.0.2:53, fd00::2 or [fd00::2]:53; found 'not-an-ip'",
      "binding 'orders': endpoint: must be host:port, such as orders.cluster-abc123.us-east-1.rds.amazonaws.com:5432; found 'orders.example'",
      "binding 'orders': pools[0].aws-elbv2.targetGroupArn: must be an ELBv2 target group ARN; found 'arn:aws:sns:us-east-1:123456789012:x'",
      "binding 'orders': pools[0].aws-elbv2.port: must be a whole number from 1 to 65535; found 70000",
      "binding 'orders': allowedCidrs[0]: must be an IPv4 CIDR block such as 10.0.0.0/16; found '10.0.0.0/33'",
      "binding 'orders': policy.settleSeconds: must be from 0 to 600 seconds; found 9000",
      "binding 'orders': policy.onHealthTimeout: must be keep-old or remove-old",
      "binding 'orders': alert.sns: must be an SNS topic ARN; found 'nope'",
      "binding 'orders': colour: unknown field",
      'binding #2: name: is required',
      'binding #2: pools: must name at least one pool',
    ]);
  });

  it('accepts an NLB listenerId, with or without an @port suffix, and rejects one without the lsn- prefix', () => {
    // Prepare
    const nlbPool = (extra: string) =>
      `bindings: [{ name: a, endpoint: "a.example:5432", pools: [{ alicloud-nlb: { region: cn-hangzhou, serverGroupId: sgp-a${extra} } }] }]`;
    // Act
    const plain = parseConfig(nlbPool(', listenerId: lsn-bp1bpn0kn908w4nbw'), 'bindings.yml');
    const withPort = parseConfig(nlbPool(', listenerId: lsn-bp1bpn0kn908w4nbw@80'), 'bindings.yml');
    const without = parseConfig(nlbPool(''), 'bindings.yml');
    const problems = problemsOf(nlbPool(', listenerId: sgp-bp1bpn0kn908w4nbw'));
    // Assess
    expect(plain.bindings[0]?.pools).toEqual([
      {
        kind: 'alicloud-nlb',
        region: 'cn-hangzhou',
        serverGroupId: 'sgp-a',
        port: 5432,
        listenerId: 'lsn-bp1bpn0kn908w4nbw',
      },
    ]);
    expect(withPort.bindings[0]?.pools[0]).toMatchObject({ listenerId: 'lsn-bp1bpn0kn908w4nbw@80' });
    expect(without.bindings[0]?.pools[0]).not.toHaveProperty('listenerId');
    expect(problems).toEqual([
      "binding 'a': pools[0].alicloud-nlb.listenerId: must be an NLB listener id (lsn-...); found 'sgp-bp1bpn0kn908w4nbw'",
    ]);
  });

  it('rejects two bindings with the same name', () => {
    const pool = (id: string) =>
      `[{ aws-elbv2: { targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/a/000000000000000${id}" } }]`;
    expect(
      problemsOf(`bindings:
  - { name: a, endpoint: "a.example:1", pools: ${pool('1')} }
  - { name: a, endpoint: "b.example:1", pools: ${pool('2')} }`),
    ).toEqual(["binding 'a': name: used by more than one binding"]);
  });

  it('rejects a file that is not YAML', () => {
    expect(problemsOf('bindings: [\n')[0]).toMatch(/^not valid YAML or JSON: /);
  });

  it('rejects an empty file', () => {
    expect(problemsOf('')).toEqual(['(top level): the file is empty']);
  });
});
