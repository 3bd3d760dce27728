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

const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-probe-AbCdEf';
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const billingWithProbe = (probe: string) => `bindings:
  - name: billing
    endpoint: rm-bp1abc.mysql.rds.aliyuncs.com:3306
    pools: [{ alicloud-nlb: { region: cn-hangzhou, serverGroupId: sgp-abc123 } }]
    probe: ${probe}
`;

describe('the writability check of a probe', () => {
  it('logs in with a Secrets Manager secret on AWS, over TLS unless told', () => {
    const text = withProbe(`{ protocol: mysql, writable: { login: { secretArn: "${SECRET}" } } }`);
    expect(parseConfig(text, 'bindings.yml').bindings[0]?.probe).toEqual({
      protocol: 'mysql',
      timeoutMs: 3000,
      writable: { login: { kind: 'aws-secret', secretArn: SECRET }, tls: 'require' },
    });
  });

  it('takes the key of a customer-managed secret, a database and TLS off', () => {
    const text = withProbe(
      `{ protocol: postgres, writable: { login: { secretArn: "${SECRET}", kmsKeyArn: "${KEY}" }, tls: disable, database: app } }`,
    );
    expect(parseConfig(text, 'bindings.yml').bindings[0]?.probe?.writable).toEqual({
      login: { kind: 'aws-secret', secretArn: SECRET, kmsKeyArn: KEY },
      tls: 'disable',
      database: 'app',
    });
  });

  it('logs in with a KMS ciphertext from the function environment on Alibaba Cloud', () => {
    const text = billingWithProbe(
      '{ protocol: mysql, writable: { login: { kmsCiphertext: env:BILLING_PROBE_LOGIN, region: cn-hangzhou, keyId: key-hzz62f1cb66fa42qo } } }',
    );
    expect(parseConfig(text, 'bindings.yml').bindings[0]?.probe?.writable).toEqual({
      login: {
        kind: 'alicloud-kms-env',
        variable: 'BILLING_PROBE_LOGIN',
        region: 'cn-hangzhou',
        keyId: 'key-hzz62f1cb66fa42qo',
      },
      tls: 'require',
    });
  });

  it('refuses a login with no source, two sources, or companions of the other one', () => {
    const problemOf = (login: string) =>
      problemsOf(withProbe(`{ protocol: mysql, writable: { login: ${login} } }`));
    const oneOf =
      "binding 'orders': probe.writable.login: must name exactly one of secretArn (AWS Secrets Manager) and kmsCiphertext (Alibaba KMS)";
    expect(problemOf('{}')).toEqual([oneOf]);
    expect(
      problemOf(`{ secretArn: "${SECRET}", kmsCiphertext: env:X, region: cn-hangzhou, keyId: key-abc }`),
    ).toEqual([oneOf]);
    expect(problemOf(`{ secretArn: "${SECRET}", region: cn-hangzhou }`)).toEqual([
      "binding 'orders': probe.writable.login: kmsCiphertext needs region and keyId (the KMS key that encrypted it), and only it takes them",
    ]);
    expect(
      problemOf(`{ kmsCiphertext: env:X, region: cn-hangzhou, keyId: key-abc, kmsKeyArn: "${KEY}" }`),
    ).toEqual([
      "binding 'orders': probe.writable.login: kmsKeyArn goes with secretArn: it names the key that encrypts the secret",
    ]);
  });

  it('never takes a password or a literal ciphertext in the file', () => {
    expect(
      problemsOf(
        withProbe(`{ protocol: mysql, writable: { login: { secretArn: "${SECRET}", password: hunter2 } } }`),
      ),
    ).toEqual(["binding 'orders': probe.writable.login.password: unknown field"]);
    const literal = problemsOf(
      billingWithProbe(
        '{ protocol: mysql, writable: { login: { kmsCiphertext: "NjhhZTk2ZmYtMDAwMC0xMWVm", region: cn-hangzhou, keyId: key-abc } } }',
      ),
    );
    expect(literal).toHaveLength(1);
    expect(literal[0]).toMatch(
      /^binding 'billing': probe\.writable\.login\.kmsCiphertext: must be env:NAME, the function variable that holds the KMS ciphertext; found /,
    );
  });

  it('refuses a writability check on a TCP probe', () => {
    expect(
      problemsOf(withProbe(`{ protocol: tcp, writable: { login: { secretArn: "${SECRET}" } } }`)),
    ).toEqual([
      "binding 'orders': probe.writable: needs protocol mysql or postgres: a TCP probe cannot log in",
    ]);
  });

  it("refuses a login the binding's cloud cannot read", () => {
    expect(
      problemsOf(billingWithProbe(`{ protocol: mysql, writable: { login: { secretArn: "${SECRET}" } } }`)),
    ).toEqual([
      "binding 'billing': probe.writable.login.secretArn: is read by the AWS function, but pool alicloud-nlb runs in the other cloud",
    ]);
    expect(
      problemsOf(
        withProbe(
          '{ protocol: mysql, writable: { login: { kmsCiphertext: env:ORDERS_LOGIN, region: cn-hangzhou, keyId: key-abc } } }',
        ),
      ),
    ).toEqual([
      "binding 'orders': probe.writable.login.kmsCiphertext: is read by the Alibaba Cloud function, but pool aws-elbv2 runs in the other cloud",
    ]);
  });
});
