import { probeText } from '../../bin/cli/probe-text';

describe("check's line for a binding's probe", () => {
  it('says what is tried, within how long', () => {
    expect(probeText({ protocol: 'mysql', timeoutMs: 3000 })).toBe('mysql probe within 3000 ms');
  });

  it('names the secret a writability check logs in with, never more', () => {
    expect(
      probeText({
        protocol: 'postgres',
        timeoutMs: 1500,
        writable: {
          login: {
            kind: 'aws-secret',
            secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-probe-AbCdEf',
          },
          tls: 'require',
          database: 'app',
        },
      }),
    ).toBe(
      'postgres probe within 1500 ms, then a login from secret arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-probe-AbCdEf asking whether it takes writes (TLS require, database app)',
    );
  });

  it('names the variable and key of a KMS login', () => {
    expect(
      probeText({
        protocol: 'mysql',
        timeoutMs: 3000,
        writable: {
          login: {
            kind: 'alicloud-kms-env',
            variable: 'BILLING_PROBE_LOGIN',
            region: 'cn-hangzhou',
            keyId: 'key-hzz62f1cb66fa42qo',
          },
          tls: 'disable',
        },
      }),
    ).toBe(
      'mysql probe within 3000 ms, then a login from the KMS ciphertext in BILLING_PROBE_LOGIN (key key-hzz62f1cb66fa42qo, cn-hangzhou) asking whether it takes writes (TLS disable)',
    );
  });
});
