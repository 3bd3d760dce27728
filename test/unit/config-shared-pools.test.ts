import { ConfigError, parseConfig } from '../../shared/config';

const TG_ORDERS = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders/0000000000000001';
const TG_REPORTS = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/reports/0000000000000002';

const elbv2 = (arn: string, port?: number) =>
  `{ aws-elbv2: { targetGroupArn: "${arn}"${port === undefined ? '' : `, port: ${port}`} } }`;
const nlb = (region: string, serverGroupId: string) =>
  `{ alicloud-nlb: { region: ${region}, serverGroupId: ${serverGroupId} } }`;
const clb = (region: string, loadBalancerId: string, vServerGroupId: string) =>
  `{ alicloud-clb: { region: ${region}, loadBalancerId: ${loadBalancerId}, vServerGroupId: ${vServerGroupId}, listenerPort: 3306, port: 3306, relays: [i-relay1] } }`;

/** A bindings file, one flow-style binding per line: `[name, endpoint, pools]`. */
const fileOf = (bindings: readonly (readonly [string, string, readonly string[]])[]): string =>
  `bindings:\n${bindings
    .map(
      ([name, endpoint, pools]) =>
        `  - { name: ${name}, endpoint: "${endpoint}", pools: [${pools.join(', ')}] }`,
    )
    .join('\n')}`;

const problemsOf = (text: string): readonly string[] => {
  try {
    parseConfig(text, 'bindings.yml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('parseConfig: bindings that share a pool', () => {
  const cases: [string, (readonly [string, string, readonly string[]])[], string[]][] = [
    [
      'the writer and instance endpoints on one target group',
      [
        ['orders-writer', 'orders.cluster-abc.us-east-1.rds.amazonaws.com:5432', [elbv2(TG_ORDERS)]],
        ['orders-instance', 'orders-1.abc.us-east-1.rds.amazonaws.com:5432', [elbv2(TG_ORDERS)]],
      ],
      [
        "binding 'orders-instance': pools[0].aws-elbv2.targetGroupArn: the same target group as binding 'orders-writer' pools[0]: two bindings on one pool remove each other's backends",
      ],
    ],
    [
      'the same endpoint name on two ports, on one target group',
      [
        ['orders-pg', 'orders.example:5432', [elbv2(TG_ORDERS)]],
        ['orders-bouncer', 'orders.example:6432', [elbv2(TG_ORDERS)]],
      ],
      [
        "binding 'orders-bouncer': pools[0].aws-elbv2.targetGroupArn: the same target group as binding 'orders-pg' pools[0]: two bindings on one pool remove each other's backends",
      ],
    ],
    [
      'the same endpoint registered on two target ports of one target group',
      [
        ['orders-a', 'orders.example:5432', [elbv2(TG_ORDERS, 5432)]],
        ['orders-b', 'orders.example:5432', [elbv2(TG_ORDERS, 6432)]],
      ],
      [
        "binding 'orders-b': pools[0].aws-elbv2.targetGroupArn: the same target group as binding 'orders-a' pools[0]: two bindings on one pool remove each other's backends",
      ],
    ],
    [
      'one binding written twice: same endpoint, same port (the default port and the same one written out)',
      [
        ['orders', 'orders.example:5432', [elbv2(TG_ORDERS)]],
        ['orders-copy', 'ORDERS.example:5432', [elbv2(TG_ORDERS, 5432)]],
      ],
      [
        "binding 'orders-copy': pools[0].aws-elbv2.targetGroupArn: the same target group as binding 'orders' pools[0], for the same endpoint and port: one binding written twice, keep one",
      ],
    ],
    [
      'one binding listing a target group twice, on two ports',
      [['orders', 'orders.example:5432', [elbv2(TG_ORDERS), elbv2(TG_REPORTS), elbv2(TG_ORDERS, 6432)]]],
      [
        "binding 'orders': pools[2].aws-elbv2.targetGroupArn: the same target group as pools[0]: list each pool once",
      ],
    ],
    [
      'three bindings on one NLB server group: each later one names the first',
      [
        ['billing-a', 'a.example:3306', [nlb('cn-hangzhou', 'sgp-shared')]],
        ['billing-b', 'b.example:3306', [nlb('cn-hangzhou', 'sgp-b'), nlb('cn-hangzhou', 'sgp-shared')]],
        ['billing-c', 'c.example:3306', [nlb('cn-hangzhou', 'sgp-shared')]],
      ],
      [
        "binding 'billing-b': pools[1].alicloud-nlb.serverGroupId: the same NLB server group as binding 'billing-a' pools[0]: two bindings on one pool remove each other's backends",
        "binding 'billing-c': pools[0].alicloud-nlb.serverGroupId: the same NLB server group as binding 'billing-a' pools[0]: two bindings on one pool remove each other's backends",
      ],
    ],
    [
      'one CLB VServer group named under two load balancer ids: the group is the pool',
      [
        ['billing', 'billing.example:3306', [clb('cn-hangzhou', 'lb-one', 'rsp-shared')]],
        ['ledger', 'ledger.example:3306', [clb('cn-hangzhou', 'lb-two', 'rsp-shared')]],
      ],
      [
        "binding 'ledger': pools[0].alicloud-clb.vServerGroupId: the same CLB VServer group as binding 'billing' pools[0]: two bindings on one pool remove each other's backends",
      ],
    ],
    [
      'one CLB VServer group listed twice in one binding, for the same endpoint',
      [
        [
          'billing',
          'billing.example:3306',
          [clb('cn-hangzhou', 'lb-one', 'rsp-shared'), clb('cn-hangzhou', 'lb-one', 'rsp-shared')],
        ],
      ],
      [
        "binding 'billing': pools[1].alicloud-clb.vServerGroupId: the same CLB VServer group as pools[0]: list each pool once",
      ],
    ],
    [
      'different pools everywhere: accepted',
      [
        ['orders', 'orders.example:5432', [elbv2(TG_ORDERS)]],
        ['reports', 'orders.example:5432', [elbv2(TG_REPORTS)]],
        [
          'billing',
          'billing.example:3306',
          [nlb('cn-hangzhou', 'sgp-1'), clb('cn-hangzhou', 'lb-1', 'rsp-1')],
        ],
      ],
      [],
    ],
    [
      'the same group id in two regions, and an NLB and a CLB group: different pools, accepted',
      [
        ['hangzhou', 'h.example:3306', [nlb('cn-hangzhou', 'sgp-1'), clb('cn-hangzhou', 'lb-1', 'rsp-1')]],
        ['shanghai', 's.example:3306', [nlb('cn-shanghai', 'sgp-1'), clb('cn-shanghai', 'lb-1', 'rsp-1')]],
      ],
      [],
    ],
  ];

  it.each(cases)('%s', (_, bindings, expected) => {
    // Act
    const problems = problemsOf(fileOf(bindings));
    // Assess
    expect(problems).toEqual(expected);
  });

  it('reports a shared pool and a duplicate name in one pass', () => {
    // Prepare
    const text = fileOf([
      ['orders', 'orders.example:5432', [elbv2(TG_ORDERS)]],
      ['orders', 'orders-1.example:5432', [elbv2(TG_REPORTS)]],
      ['reports', 'reports.example:5432', [elbv2(TG_REPORTS)]],
    ]);
    // Act
    const problems = problemsOf(text);
    // Assess
    expect(problems).toEqual([
      "binding 'orders': name: used by more than one binding",
      "binding 'reports': pools[0].aws-elbv2.targetGroupArn: the same target group as binding 'orders' pools[0]: two bindings on one pool remove each other's backends",
    ]);
  });

  it('says so in the ConfigError message, naming the file', () => {
    // Prepare
    const text = fileOf([
      ['a', 'a.example:5432', [elbv2(TG_ORDERS)]],
      ['b', 'b.example:5432', [elbv2(TG_ORDERS)]],
    ]);
    // Act
    const act = () => parseConfig(text, 'bindings.yml');
    // Assess
    expect(act).toThrow(
      new Error(
        'bindings.yml: 1 problem(s)\n' +
          "  - binding 'b': pools[0].aws-elbv2.targetGroupArn: the same target group as binding 'a' pools[0]: two bindings on one pool remove each other's backends",
      ),
    );
  });
});
