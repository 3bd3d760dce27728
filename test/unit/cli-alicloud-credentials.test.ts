import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findAlicloudCredentials, requireAlicloudCredentials } from '../../bin/cli/alicloud-credentials';
import { AlicloudCredentialsMissingError } from '../../bin/cli/errors';

function home(credentials?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rfs-home-'));
  if (credentials !== undefined) {
    mkdirSync(join(dir, '.alibabacloud'));
    writeFileSync(join(dir, '.alibabacloud', 'credentials'), credentials);
  }
  return dir;
}

const FILE = `# written by hand
[default]
type = access_key
access_key_id = LTAIfile
access_key_secret = file-secret

[ops]
enable = true
type = sts
access_key_id = STS.ops
access_key_secret = ops-secret
security_token = ops-token
`;

describe('the caller Alibaba Cloud credentials', () => {
  it('takes the environment first, with the STS token when there is one', () => {
    expect(
      findAlicloudCredentials(
        {
          ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIenv',
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret',
          ALIBABA_CLOUD_SECURITY_TOKEN: 'env-token',
        },
        home(FILE),
      ),
    ).toEqual({
      credentials: { accessKeyId: 'LTAIenv', accessKeySecret: 'env-secret', securityToken: 'env-token' },
      from: 'environment (ALIBABA_CLOUD_ACCESS_KEY_ID)',
    });
  });

  it('reads the default profile of ~/.alibabacloud/credentials, or the one ALIBABA_CLOUD_PROFILE names', () => {
    const dir = home(FILE);
    const file = join(dir, '.alibabacloud', 'credentials');
    expect(findAlicloudCredentials({}, dir)).toEqual({
      credentials: { accessKeyId: 'LTAIfile', accessKeySecret: 'file-secret' },
      from: `${file} [default]`,
    });
    expect(findAlicloudCredentials({ ALIBABA_CLOUD_PROFILE: 'ops' }, dir)).toEqual({
      credentials: { accessKeyId: 'STS.ops', accessKeySecret: 'ops-secret', securityToken: 'ops-token' },
      from: `${file} [ops]`,
    });
  });

  it('refuses a profile of another type, saying what to do instead', () => {
    const dir = home('[default]\ntype = ram_role_arn\nrole_arn = acs:ram::1:role/x\n');
    expect(() => findAlicloudCredentials({}, dir)).toThrow(AlicloudCredentialsMissingError);
    expect(() => findAlicloudCredentials({}, dir)).toThrow(
      /type 'ram_role_arn'.*export ALIBABA_CLOUD_ACCESS_KEY_ID/,
    );
  });

  it('finds none without variables or file, and says where it looked', () => {
    expect(findAlicloudCredentials({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'only-the-id' }, home())).toBeUndefined();
    expect(() => requireAlicloudCredentials({}, home())).toThrow(
      /^no Alibaba Cloud credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET/,
    );
  });
});
