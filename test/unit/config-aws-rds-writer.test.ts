import { ConfigError, parseConfig } from '../../shared/config';

const withResolve = (resolve: string) => `bindings:
  - name: orders
    endpoint: orders.cluster-abc123xyz.us-east-1.rds.amazonaws.com:5432
    source: { aws: { cluster: orders } }
    resolve: ${resolve}
    pools:
      - aws-elbv2: { targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-pg/0123456789abcdef" }
`;

const problemsOf = (text: string): readonly string[] => {
  try {
    parseConfig(text, 'bindings.yml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('resolve.awsRdsWriter', () => {
  it('takes a cluster id and prefers the API by default', () => {
    // Act
    const config = parseConfig(withResolve('{ awsRdsWriter: { cluster: orders } }'), 'bindings.yml');
    // Assess
    expect(config.bindings[0]?.resolve).toEqual({ awsRdsWriter: { cluster: 'orders', prefer: 'api' } });
  });

  it('reduces a cluster ARN to its identifier and keeps the ARN for IAM', () => {
    // Act
    const config = parseConfig(
      withResolve(
        '{ awsRdsWriter: { cluster: "arn:aws:rds:us-east-1:123456789012:cluster:orders", prefer: dns } }',
      ),
      'bindings.yml',
    );
    // Assess
    expect(config.bindings[0]?.resolve).toEqual({
      awsRdsWriter: {
        cluster: 'orders',
        clusterArn: 'arn:aws:rds:us-east-1:123456789012:cluster:orders',
        prefer: 'dns',
      },
    });
  });

  it('refuses an instance ARN, an unknown preference and an unknown key, naming the field', () => {
    // Act
    const problems = problemsOf(
      withResolve(
        '{ awsRdsWriter: { cluster: "arn:aws:rds:us-east-1:123456789012:db:orders-1", prefer: both, writer: x } }',
      ),
    );
    // Assess
    expect(problems).toEqual([
      "binding 'orders': resolve.awsRdsWriter.cluster: must be an Aurora or Multi-AZ DB cluster id or ARN; found 'arn:aws:rds:us-east-1:123456789012:db:or...'",
      "binding 'orders': resolve.awsRdsWriter.prefer: must be dns or api",
      "binding 'orders': resolve.awsRdsWriter.writer: unknown field",
    ]);
  });

  it('requires the cluster', () => {
    expect(problemsOf(withResolve('{ awsRdsWriter: { prefer: api } }'))).toEqual([
      "binding 'orders': resolve.awsRdsWriter.cluster: is required",
    ]);
  });
});
