import { ConfigError, parseConfig } from '../../shared/config';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders/0000000000000001';
const ROLE = 'arn:aws:iam::210987654321:role/rds-failover-sync-target';

const fileWith = (pool: string) =>
  `bindings:\n  - { name: orders, endpoint: "orders.cluster-abc.us-east-1.rds.amazonaws.com:5432", pools: [${pool}] }`;

const problemsOf = (text: string): readonly string[] => {
  try {
    parseConfig(text, 'bindings.yml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('parseConfig: Route 53 record pools and roles in other accounts', () => {
  it('normalises a record pool: zone id without prefix, name lower case with its dot, TTL 5 s, report', () => {
    const config = parseConfig(
      fileWith(
        '{ aws-route53-record: { hostedZoneId: /hostedzone/Z0123456789ABC, recordName: Orders.DB.internal } }',
      ),
      'bindings.yml',
    );
    expect(config.bindings[0]?.pools).toEqual([
      {
        kind: 'aws-route53-record',
        hostedZoneId: 'Z0123456789ABC',
        recordName: 'orders.db.internal.',
        ttlSeconds: 5,
        onForeignRecord: 'report',
      },
    ]);
  });

  it('keeps the role and external id of a pool in another account', () => {
    const config = parseConfig(
      fileWith(`{ aws-elbv2: { targetGroupArn: "${TG}", roleArn: "${ROLE}", externalId: orders-sync-7 } }`),
      'bindings.yml',
    );
    expect(config.bindings[0]?.pools).toEqual([
      {
        kind: 'aws-elbv2',
        targetGroupArn: TG,
        port: 5432,
        assumeRole: { roleArn: ROLE, externalId: 'orders-sync-7' },
      },
    ]);
  });

  it.each([
    [
      'weighted routing',
      '{ aws-route53-record: { hostedZoneId: Z0123456789ABC, recordName: orders.db.internal, setIdentifier: blue, weight: 10 } }',
      [
        "binding 'orders': pools[0].aws-route53-record.setIdentifier: weighted, failover and other routed record sets are not supported: the pool keeps one simple A record, swapped whole by one UPSERT",
        "binding 'orders': pools[0].aws-route53-record.weight: weighted, failover and other routed record sets are not supported: the pool keeps one simple A record, swapped whole by one UPSERT; found a number",
      ],
    ],
    [
      'failover routing',
      '{ aws-route53-record: { hostedZoneId: Z0123456789ABC, recordName: orders.db.internal, failover: PRIMARY } }',
      [
        "binding 'orders': pools[0].aws-route53-record.failover: weighted, failover and other routed record sets are not supported: the pool keeps one simple A record, swapped whole by one UPSERT",
      ],
    ],
    [
      'an external id without a role',
      `{ aws-elbv2: { targetGroupArn: "${TG}", externalId: orders-sync-7 } }`,
      ["binding 'orders': pools[0].aws-elbv2.externalId: is set without roleArn: name the role it is for"],
    ],
    [
      'a role that is not a role ARN',
      `{ aws-route53-record: { hostedZoneId: Z0123456789ABC, recordName: orders.db.internal, roleArn: "arn:aws:iam::210987654321:user/bob" } }`,
      [
        "binding 'orders': pools[0].aws-route53-record.roleArn: must be an IAM role ARN; found 'arn:aws:iam::210987654321:user/bob'",
      ],
    ],
  ])('refuses %s with a message naming the field', (_, pool, expected) => {
    expect(problemsOf(fileWith(pool))).toEqual(expected);
  });

  it('refuses two bindings writing one record', () => {
    const record = '{ aws-route53-record: { hostedZoneId: Z0123456789ABC, recordName: orders.db.internal } }';
    const text = `bindings:
  - { name: a, endpoint: "a.cluster-abc.us-east-1.rds.amazonaws.com:5432", pools: [${record}] }
  - { name: b, endpoint: "b.cluster-abc.us-east-1.rds.amazonaws.com:5432", pools: [${record}] }`;
    expect(problemsOf(text)).toEqual([
      "binding 'b': pools[0].aws-route53-record.recordName: the same Route 53 record as binding 'a' pools[0]: two bindings on one pool remove each other's backends",
    ]);
  });
});
