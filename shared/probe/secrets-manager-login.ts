import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { regionOfArn } from '../core/arn';
import { DatabaseLoginFormatError, parseDatabaseLogin } from '../core/database-login';
import type { DatabaseLogin } from '../core/database-login';
import type { LoginReaderOf } from './login-reader';

/**
 * The writability check's login could not be read from its secret. The message names the secret and the
 * reason (the API's error name and message, or which JSON member is missing), never any part of the
 * secret's value: it goes to the pool's report, the logs and the alert.
 */
export class SecretLoginUnreadableError extends Error {
  override readonly name = 'SecretLoginUnreadableError';

  constructor(
    readonly secretArn: string,
    /** The API's error name (`AccessDeniedException`), or the condition (`SecretBinary`, `NotJson`). */
    readonly code: string,
    why: string,
  ) {
    super(`cannot read the login from secret ${secretArn}: ${why}`);
  }
}

export interface SecretsManagerLoginOptions {
  /** Epoch milliseconds on the clock `CallContext.deadlineMs` is measured with. */
  readonly now: () => number;
}

const ABANDONED = "abandoned at the invocation's deadline, to leave time to alert and report";

/**
 * Reads the login from a Secrets Manager secret: `GetSecretValue` on the ARN (its `AWSCURRENT` version),
 * in the secret's own region, with the runtime's own credentials. The text in `SecretString` must be the
 * JSON RDS and the rotation templates write (`{"username": ..., "password": ...}`, see
 * `parseDatabaseLogin`).
 *
 * Read afresh on every admission, never cached beyond the call: after a rotation, the next swap logs in
 * with the new password at once. A cache would save one small read per swap, and a swap happens a few
 * times a year; a stale password would fail the very check that must pass for the swap to go ahead.
 */
export function createSecretsManagerLoginReader(
  clientFor: (region: string) => SecretsManagerClient,
  options: SecretsManagerLoginOptions,
): LoginReaderOf<'aws-secret'> {
  return async (source, call) => {
    const arn = source.secretArn;
    // A call started with no time left would only be cut off by the abort signal half-way.
    if (call.abortSignal?.aborted || call.deadlineMs <= options.now()) {
      throw new SecretLoginUnreadableError(arn, 'DeadlineExceeded', `DeadlineExceeded (${ABANDONED})`);
    }
    let output;
    try {
      output = await clientFor(regionOfArn(arn)).send(
        new GetSecretValueCommand({ SecretId: arn }),
        call.abortSignal ? { abortSignal: call.abortSignal } : {},
      );
    } catch (error) {
      if (call.abortSignal?.aborted) {
        throw new SecretLoginUnreadableError(arn, 'DeadlineExceeded', `DeadlineExceeded (${ABANDONED})`);
      }
      // The API's own words: a service error names the secret and the principal, never its value.
      const { name, message } = error as Error;
      throw new SecretLoginUnreadableError(arn, name, `${name} (${message})`);
    }
    return loginOf(arn, output.SecretString, output.SecretBinary !== undefined);
  };
}

function loginOf(arn: string, text: string | undefined, hasBinary: boolean): DatabaseLogin {
  if (text === undefined) {
    throw new SecretLoginUnreadableError(
      arn,
      hasBinary ? 'SecretBinary' : 'NoSecretString',
      hasBinary
        ? 'the secret holds binary data (SecretBinary); store the login as JSON text (SecretString): {"username": ..., "password": ...}'
        : 'the secret has no SecretString; store the login as JSON text: {"username": ..., "password": ...}',
    );
  }
  try {
    return parseDatabaseLogin(text);
  } catch (error) {
    // DatabaseLoginFormatError names the missing members, never a value; anything else is not quoted.
    const why = error instanceof DatabaseLoginFormatError ? error.message : 'the login could not be read';
    throw new SecretLoginUnreadableError(arn, 'LoginFormat', why);
  }
}
