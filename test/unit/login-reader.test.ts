import type { ProbeLoginSource } from '../../shared/core/config-types';
import { loginReader } from '../../shared/probe/login-reader';
import { LoginSourceNotReadHereError } from '../../shared/probe/login-source-error';

const SECRET: ProbeLoginSource = {
  kind: 'aws-secret',
  secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-probe-AbCdEf',
};
const KMS: ProbeLoginSource = {
  kind: 'alicloud-kms-env',
  variable: 'ORDERS_LOGIN',
  region: 'cn-hangzhou',
  keyId: 'key-abc',
};
const call = { deadlineMs: Number.MAX_SAFE_INTEGER };

describe("a runtime's login reader", () => {
  const read = loginReader('AWS', {
    kind: 'aws-secret',
    what: 'Secrets Manager secrets',
    read: async (source) => ({ username: 'probe', password: `from ${source.secretArn}` }),
  });

  it('hands the sources it reads to their reader', async () => {
    await expect(read(SECRET, call)).resolves.toEqual({
      username: 'probe',
      password: 'from arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-probe-AbCdEf',
    });
  });

  it('refuses a login the runtime cannot read, naming what it reads', async () => {
    const error = await read(KMS, call).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginSourceNotReadHereError);
    expect((error as Error).message).toBe(
      'the AWS runtime reads logins from Secrets Manager secrets only, not from alicloud-kms-env',
    );
  });
});
