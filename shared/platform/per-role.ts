import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { AssumeRoleConfig } from '../core/config-types';
import type { ActingAs } from './aws-clients';
import { accountOfArn } from '../core/arn';

/**
 * One client per role (and one for the function's own credentials), made on first use: a pool in another
 * account is reached with that account's role, and every pool of that role shares the client and its
 * assumed credentials, across invocations of this sandbox.
 */
export function perRole<T>(
  make: (actingAs: ActingAs) => T,
  credentialsOf: (role: AssumeRoleConfig) => AwsCredentialIdentityProvider,
): (role?: AssumeRoleConfig) => T {
  const made = new Map<string, T>();
  return (role) => {
    const key = role ? `${role.roleArn}\n${role.externalId ?? ''}` : '';
    let client = made.get(key);
    if (client === undefined) {
      client = make(role ? actingAsRole(role, credentialsOf) : {});
      made.set(key, client);
    }
    return client;
  };
}

function actingAsRole(
  role: AssumeRoleConfig,
  credentialsOf: (role: AssumeRoleConfig) => AwsCredentialIdentityProvider,
): ActingAs {
  const account = accountOfRoleArn(role.roleArn);
  return { credentials: credentialsOf(role), ...(account ? { account } : {}) };
}

/**
 * `arn:aws:iam::123456789012:role/name` -> `123456789012`: the account an assumed role's calls count
 * against. A role in the function's own account gets buckets of its own too (the function cannot know its
 * own account id without asking STS); roles are for other accounts, so that case is not worth a call.
 */
export function accountOfRoleArn(roleArn: string): string | undefined {
  return accountOfArn(roleArn) || undefined;
}

/** One credentials provider per role (and external id), made on first use. */
export function memoizeRole(
  make: (role: AssumeRoleConfig) => AwsCredentialIdentityProvider,
): (role: AssumeRoleConfig) => AwsCredentialIdentityProvider {
  const made = new Map<string, AwsCredentialIdentityProvider>();
  return (role) => {
    const key = `${role.roleArn}\n${role.externalId ?? ''}`;
    const provider = made.get(key) ?? make(role);
    made.set(key, provider);
    return provider;
  };
}
