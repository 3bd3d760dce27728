import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { AssumeRoleConfig } from '../core/config-types';

/**
 * One client per role (and one for the function's own credentials), made on first use: a pool in another
 * account is reached with that account's role, and every pool of that role shares the client and its
 * assumed credentials, across invocations of this sandbox.
 */
export function perRole<T>(
  make: (credentials?: AwsCredentialIdentityProvider) => T,
  credentialsOf: (role: AssumeRoleConfig) => AwsCredentialIdentityProvider,
): (role?: AssumeRoleConfig) => T {
  const made = new Map<string, T>();
  return (role) => {
    const key = role ? `${role.roleArn}\n${role.externalId ?? ''}` : '';
    let client = made.get(key);
    if (client === undefined) {
      client = make(role ? credentialsOf(role) : undefined);
      made.set(key, client);
    }
    return client;
  };
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
