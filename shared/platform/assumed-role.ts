import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { AssumeRoleConfig } from '../core/config-types';
import type { Clock } from '../core/types';

/** The shortest session STS grants, and plenty for a function that lives 15 minutes at most. */
const SESSION_SECONDS = 900;
/**
 * Credentials are renewed this long before they expire: a call signed a moment before expiry can still
 * be refused when it lands, and a health wait or a GetChange poll may run for minutes on one client.
 */
const RENEW_BEFORE_EXPIRY_MS = 5 * 60_000;

/** STS refused the role (not trusted, wrong external id, no permission): the pool cannot be reached. */
export class AssumeRoleFailedError extends Error {
  override readonly name = 'AssumeRoleFailedError';
  constructor(
    readonly roleArn: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    // Neither the external id nor any credential goes in the message: it reaches reports and alerts.
    super(`could not assume ${roleArn}: ${code}`, options);
  }
}

/**
 * The credentials of a role in another account, as the SDK clients take them: assumed on first use,
 * kept, and assumed again shortly before they expire. Concurrent callers share one AssumeRole.
 */
export function assumedRoleCredentials(
  sts: STSClient,
  role: AssumeRoleConfig,
  clock: Clock,
): AwsCredentialIdentityProvider {
  let current: Promise<AwsCredentialIdentity> | undefined;
  const fresh = (credentials: AwsCredentialIdentity) =>
    credentials.expiration === undefined ||
    credentials.expiration.getTime() - RENEW_BEFORE_EXPIRY_MS > clock.now();

  const assume = async (): Promise<AwsCredentialIdentity> => {
    try {
      const { Credentials } = await sts.send(
        new AssumeRoleCommand({
          RoleArn: role.roleArn,
          RoleSessionName: 'rds-failover-sync',
          DurationSeconds: SESSION_SECONDS,
          ...(role.externalId ? { ExternalId: role.externalId } : {}),
        }),
      );
      if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) {
        throw new AssumeRoleFailedError(role.roleArn, 'NoCredentials');
      }
      return {
        accessKeyId: Credentials.AccessKeyId,
        secretAccessKey: Credentials.SecretAccessKey,
        ...(Credentials.SessionToken ? { sessionToken: Credentials.SessionToken } : {}),
        ...(Credentials.Expiration ? { expiration: Credentials.Expiration } : {}),
      };
    } catch (error) {
      if (error instanceof AssumeRoleFailedError) throw error;
      // The SDK's error may quote the request; only its name travels on.
      throw new AssumeRoleFailedError(role.roleArn, error instanceof Error ? error.name : 'Unknown');
    }
  };

  return async () => {
    const held = current ? await current.catch(() => undefined) : undefined;
    if (held && fresh(held)) return held;
    current = assume();
    // A refusal is not kept: the next call asks STS again (the other account may fix its trust policy).
    current.catch(() => (current = undefined));
    return current;
  };
}
