import { ConfigError, parseConfig } from '../../shared/config';
import { referencedVariables } from '../../shared/config/env-references';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders/0123456789abcdef';
const FILE = `bindings:
  - name: orders
    endpoint: "orders.example:5432"
    pools: [{ aws-elbv2: { targetGroupArn: "${TG}" } }]
    alert:
      webhook:
        - { kind: slack, url: "env:ORDERS_SLACK_URL" }
        - { kind: generic, url: "https://hooks.example/plain" }
        - { kind: dingtalk, url: "env:SHARED_DINGTALK_URL" }
  - name: billing
    endpoint: "rm-bp1billing01.mysql.rds.aliyuncs.com:3306"
    pools: [{ alicloud-nlb: { region: cn-hangzhou, serverGroupId: sgp-billing01 } }]
    alert:
      webhook: [{ kind: dingtalk, url: "env:SHARED_DINGTALK_URL" }, { url: "env:BILLING_HOOK_URL" }]
`;

const problemsOf = (options: Parameters<typeof parseConfig>[2], text = FILE): readonly string[] => {
  try {
    parseConfig(text, 'bindings.yml', options);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('env:NAME webhook URLs', () => {
  it('are checked for shape only where no function runs them (check, packaging): unset variables pass', () => {
    // Act
    const config = parseConfig(FILE, 'bindings.yml', { env: {} });
    // Assess: the references stay as written, the function resolves them
    expect(config.bindings[0]?.alert.webhooks.map((w) => w.url)).toEqual([
      'env:ORDERS_SLACK_URL',
      'https://hooks.example/plain',
      'env:SHARED_DINGTALK_URL',
    ]);
  });

  it('are resolved by the function that runs the binding, each problem naming binding, field and variable', () => {
    // Act
    const onAws = problemsOf({
      env: { SHARED_DINGTALK_URL: 'oapi.dingtalk.com/robot/send' },
      platform: 'aws',
    });
    const onAlicloud = problemsOf({ env: {}, platform: 'alicloud' });
    // Assess: the other cloud's bindings are not this function's business; no value is echoed
    expect(onAws).toEqual([
      "binding 'orders': alert.webhook[0].url: environment variable ORDERS_SLACK_URL is not set",
      "binding 'orders': alert.webhook[2].url: environment variable SHARED_DINGTALK_URL does not hold an http(s) URL",
    ]);
    expect(onAlicloud).toEqual([
      "binding 'billing': alert.webhook[0].url: environment variable SHARED_DINGTALK_URL is not set",
      "binding 'billing': alert.webhook[1].url: environment variable BILLING_HOOK_URL is not set",
    ]);
  });

  it('load once every variable holds a URL', () => {
    const env = {
      ORDERS_SLACK_URL: 'https://hooks.slack.com/services/T0/B0/x',
      SHARED_DINGTALK_URL: 'https://oapi.dingtalk.com/robot/send?access_token=y',
    };
    expect(problemsOf({ env, platform: 'aws' })).toEqual([]);
  });

  it('name the variables a deploy must pass on, sorted, each once', () => {
    // Act
    const config = parseConfig(FILE, 'bindings.yml', { env: {} });
    // Assess
    expect(referencedVariables(config.bindings)).toEqual([
      'BILLING_HOOK_URL',
      'ORDERS_SLACK_URL',
      'SHARED_DINGTALK_URL',
    ]);
    expect(referencedVariables(config.bindings.slice(0, 1))).toEqual([
      'ORDERS_SLACK_URL',
      'SHARED_DINGTALK_URL',
    ]);
  });

  it('refuse a malformed reference everywhere, with or without a platform', () => {
    const bad = FILE.replace('env:BILLING_HOOK_URL', 'env:billing-hook');
    const expected = [
      "binding 'billing': alert.webhook[1].url: env: must be followed by an environment variable name (A-Z, 0-9, _)",
    ];
    expect(problemsOf({ env: {} }, bad)).toEqual(expected);
    expect(problemsOf({ env: {}, platform: 'alicloud' }, bad)).toEqual([
      ...expected,
      // The schema's problems come first and alone: the bindings never got as far as being resolved.
    ]);
  });
});

const KMS_FILE = `bindings:
  - name: billing
    endpoint: "rm-bp1billing01.mysql.rds.aliyuncs.com:3306"
    pools: [{ alicloud-nlb: { region: cn-hangzhou, serverGroupId: sgp-billing01 } }]
    probe:
      protocol: mysql
      writable: { login: { kmsCiphertext: env:BILLING_DB_LOGIN, region: cn-hangzhou, keyId: key-hzz62f1cb66fa42qo } }
    alert:
      webhook: [{ kind: dingtalk, url: "env:SHARED_DINGTALK_URL" }]
`;
// A base64 CiphertextBlob as KMS writes one, and a plaintext login that must never be echoed.
const CIPHERTEXT = 'a2V5LWh6ejYyZjFjYjY2ZmE0MnFvMDAwMQobLD1OX2BxgpOktcbX6Pk=';
const PLAINTEXT_LOGIN = '{"username":"probe","password":"Pw-zebra-7741-CANARY"}';

describe('env:NAME KMS ciphertexts of a writability check', () => {
  it('are among the variables a deploy must pass on', () => {
    const config = parseConfig(KMS_FILE, 'bindings.yml', { env: {} });
    expect(referencedVariables(config.bindings)).toEqual(['BILLING_DB_LOGIN', 'SHARED_DINGTALK_URL']);
  });

  it('are checked by the Alibaba function at load: set, and base64, naming binding, field and variable only', () => {
    const url = 'https://oapi.dingtalk.com/robot/send?access_token=y';
    expect(problemsOf({ env: { SHARED_DINGTALK_URL: url }, platform: 'alicloud' }, KMS_FILE)).toEqual([
      "binding 'billing': probe.writable.login.kmsCiphertext: environment variable BILLING_DB_LOGIN is not set",
    ]);
    const pasted = problemsOf(
      { env: { SHARED_DINGTALK_URL: url, BILLING_DB_LOGIN: PLAINTEXT_LOGIN }, platform: 'alicloud' },
      KMS_FILE,
    );
    expect(pasted).toEqual([
      "binding 'billing': probe.writable.login.kmsCiphertext: environment variable BILLING_DB_LOGIN does not hold a base64 KMS ciphertext",
    ]);
    expect(
      problemsOf(
        { env: { SHARED_DINGTALK_URL: url, BILLING_DB_LOGIN: `${CIPHERTEXT}\n` }, platform: 'alicloud' },
        KMS_FILE,
      ),
    ).toEqual([]);
  });

  it("are not the AWS function's business, nor checked where no function runs", () => {
    expect(problemsOf({ env: {}, platform: 'aws' }, KMS_FILE)).toEqual([]);
    expect(problemsOf({ env: {} }, KMS_FILE)).toEqual([]);
  });
});
