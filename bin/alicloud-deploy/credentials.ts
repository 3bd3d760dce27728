import type { SettingProblem } from './errors';

/** What every call to Function Compute needs. Never printed. */
export interface AlicloudSettings {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
  readonly accountId: string;
  readonly region: string;
}

/** The environment variables read, as Alibaba Cloud's own tools name them. */
export const ENV = {
  AccessKeyId: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
  AccessKeySecret: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  SecurityToken: 'ALIBABA_CLOUD_SECURITY_TOKEN',
  AccountId: 'ALIBABA_CLOUD_ACCOUNT_ID',
  Region: 'ALIBABA_CLOUD_REGION',
} as const;

const ACCOUNT_ID = /^\d{5,20}$/;
const REGION = /^[a-z]{2}-[a-z0-9-]+$/;

/**
 * Credentials from the environment, account and region from the flags or the environment. Returns
 * every problem at once, so one run tells the whole story; values are never echoed except the account
 * id and region, which are not secret.
 */
export function readAlicloudSettings(
  env: NodeJS.ProcessEnv,
  flags: { readonly accountId?: string; readonly region?: string } = {},
): { settings?: AlicloudSettings; problems: SettingProblem[] } {
  const problems: SettingProblem[] = [];
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const accessKeyId = read(ENV.AccessKeyId);
  const accessKeySecret = read(ENV.AccessKeySecret);
  const securityToken = read(ENV.SecurityToken);
  const accountId = flags.accountId?.trim() || read(ENV.AccountId);
  const region = flags.region?.trim() || read(ENV.Region);
  if (!accessKeyId) {
    problems.push({ name: ENV.AccessKeyId, problem: 'is not set: the AccessKey ID of a RAM user or role' });
  }
  if (!accessKeySecret) {
    problems.push({ name: ENV.AccessKeySecret, problem: 'is not set: the secret of that AccessKey' });
  }
  // @alicloud/fc2 refuses an STS key without its token; say so before it does, in these terms.
  if (accessKeyId?.startsWith('STS.') && !securityToken) {
    problems.push({
      name: ENV.SecurityToken,
      problem: 'is not set, and the AccessKey ID starts with STS.: temporary keys need their token',
    });
  }
  const accountName = `${ENV.AccountId} (or --account-id)`;
  if (!accountId) {
    problems.push({
      name: accountName,
      problem: 'is not set: the numeric ID (UID) of the Alibaba Cloud account',
    });
  } else if (!ACCOUNT_ID.test(accountId)) {
    problems.push({ name: accountName, problem: `must be the numeric account ID (UID), not '${accountId}'` });
  }
  const regionName = `${ENV.Region} (or --region)`;
  if (!region) {
    problems.push({ name: regionName, problem: 'is not set: the region to use, e.g. cn-hangzhou' });
  } else if (!REGION.test(region)) {
    problems.push({ name: regionName, problem: `must be a region ID such as cn-hangzhou, not '${region}'` });
  }
  if (problems.length > 0 || !accessKeyId || !accessKeySecret || !accountId || !region) return { problems };
  return {
    settings: {
      accessKeyId,
      accessKeySecret,
      ...(securityToken ? { securityToken } : {}),
      accountId,
      region,
    },
    problems,
  };
}
