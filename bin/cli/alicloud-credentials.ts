import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AlicloudCredentials } from '../../shared/alicloud/rpc';
import { AlicloudCredentialsMissingError } from './errors';

/** The variables Alibaba Cloud's SDKs and tools read, in the order they read them. */
export const ALICLOUD_CREDENTIAL_ENV = {
  AccessKeyId: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
  AccessKeySecret: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  SecurityToken: 'ALIBABA_CLOUD_SECURITY_TOKEN',
  CredentialsFile: 'ALIBABA_CLOUD_CREDENTIALS_FILE',
  Profile: 'ALIBABA_CLOUD_PROFILE',
} as const;

/** Where the caller's credentials were found, for `check` to say (never the values). */
export interface FoundCredentials {
  readonly credentials: AlicloudCredentials;
  readonly from: string;
}

/**
 * The caller's own Alibaba Cloud credentials, found the way the official credentials SDKs
 * (aliyun/credentials-nodejs, `DefaultCredentialsProvider`) look first: the environment
 * (`ALIBABA_CLOUD_ACCESS_KEY_ID`, `..._SECRET`, and `..._SECURITY_TOKEN` for STS keys), then the
 * credentials file (`~/.alibabacloud/credentials`, or `ALIBABA_CLOUD_CREDENTIALS_FILE`), profile
 * `default` or `ALIBABA_CLOUD_PROFILE`, of type `access_key` or `sts`. Role-assuming profiles, ECS
 * instance roles and `~/.aliyun/config.json` are not read: export a session's keys instead.
 */
export function findAlicloudCredentials(
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): FoundCredentials | undefined {
  const read = (name: string) => env[name]?.trim() || undefined;
  const accessKeyId = read(ALICLOUD_CREDENTIAL_ENV.AccessKeyId);
  const accessKeySecret = read(ALICLOUD_CREDENTIAL_ENV.AccessKeySecret);
  if (accessKeyId && accessKeySecret) {
    const securityToken = read(ALICLOUD_CREDENTIAL_ENV.SecurityToken);
    return {
      credentials: { accessKeyId, accessKeySecret, ...(securityToken ? { securityToken } : {}) },
      from: `environment (${ALICLOUD_CREDENTIAL_ENV.AccessKeyId})`,
    };
  }
  const file = read(ALICLOUD_CREDENTIAL_ENV.CredentialsFile) ?? join(home, '.alibabacloud', 'credentials');
  const profile = read(ALICLOUD_CREDENTIAL_ENV.Profile) ?? 'default';
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const section = parseIni(text)[profile];
  if (!section) return undefined;
  const type = section.type ?? 'access_key';
  const id = section.access_key_id;
  const secret = section.access_key_secret;
  if ((type !== 'access_key' && type !== 'sts') || !id || !secret) {
    throw new AlicloudCredentialsMissingError(
      `${file}: profile [${profile}] is of type '${type}' or lacks access_key_id/access_key_secret; ` +
        `only access_key and sts profiles are read: export ${ALICLOUD_CREDENTIAL_ENV.AccessKeyId} and ` +
        `${ALICLOUD_CREDENTIAL_ENV.AccessKeySecret} instead`,
    );
  }
  const token = type === 'sts' ? section.security_token : undefined;
  return {
    credentials: { accessKeyId: id, accessKeySecret: secret, ...(token ? { securityToken: token } : {}) },
    from: `${file} [${profile}]`,
  };
}

/** Like `findAlicloudCredentials`, but throws the error an operator reads when there are none. */
export function requireAlicloudCredentials(
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): FoundCredentials {
  const found = findAlicloudCredentials(env, home);
  if (found) return found;
  const { AccessKeyId, AccessKeySecret, CredentialsFile } = ALICLOUD_CREDENTIAL_ENV;
  throw new AlicloudCredentialsMissingError(
    `no Alibaba Cloud credentials: set ${AccessKeyId} and ${AccessKeySecret} (and ` +
      `${ALICLOUD_CREDENTIAL_ENV.SecurityToken} with STS keys), or write an access_key profile in ` +
      `~/.alibabacloud/credentials (or the file ${CredentialsFile} names)`,
  );
}

/** `[section]` then `key = value` lines; `#` and `;` start comments. Enough for the credentials file. */
function parseIni(text: string): Record<string, Record<string, string>> {
  const sections: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header?.[1]) {
      current = sections[header[1].trim()] ??= {};
      continue;
    }
    const equals = line.indexOf('=');
    if (current && equals > 0) current[line.slice(0, equals).trim()] = line.slice(equals + 1).trim();
  }
  return sections;
}
