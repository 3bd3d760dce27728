import { ConfigError, parseConfig } from '../../shared/config';

const TARGET_GROUP =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders/0123456789abcdef';
const withProbe = (probe: string) => `bindings:
  - name: orders
    endpoint: orders.cluster-abc.us-east-1.rds.amazonaws.com:3306
    pools: [{ aws-elbv2: { targetGroupArn: "${TARGET_GROUP}" } }]
    probe: ${probe}
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

describe('a binding probe in the bindings file', () => {
  it('takes a protocol alone, with a 3 s timeout', () => {
    expect(parseConfig(withProbe('mysql'), 'bindings.yml').bindings[0]?.probe).toEqual({
      protocol: 'mysql',
      timeoutMs: 3000,
    });
  });

  it('takes a protocol and a timeout', () => {
    expect(
      parseConfig(withProbe('{ protocol: postgres, timeoutMs: 1500 }'), 'bindings.yml').bindings[0]?.probe,
    ).toEqual({ protocol: 'postgres', timeoutMs: 1500 });
  });

  it('has no probe unless asked', () => {
    const text = withProbe('tcp').replace(/\n {4}probe: tcp/, '');
    expect(parseConfig(text, 'bindings.yml').bindings[0]).not.toHaveProperty('probe');
  });

  it('names the binding and the field of a wrong protocol, timeout or key', () => {
    expect(problemsOf(withProbe('oracle'))).toEqual([
      "binding 'orders': probe.protocol: must be tcp, mysql or postgres",
    ]);
    expect(problemsOf(withProbe('{ protocol: tcp, timeoutMs: 60000 }'))).toEqual([
      "binding 'orders': probe.timeoutMs: must be a whole number from 100 to 30000 milliseconds; found 60000",
    ]);
    expect(problemsOf(withProbe('{ protocol: tcp, password: hunter2 }'))).toEqual([
      "binding 'orders': probe.password: unknown field",
    ]);
  });
});
