import * as v from 'valibot';
import { AlicloudError } from '../alicloud/errors';
import type { AlicloudRpc } from '../alicloud/rpc';
import { isBase64 } from '../core/base64';
import type { ProbeLoginSource } from '../core/config-types';
import { DatabaseLoginFormatError, parseDatabaseLogin } from '../core/database-login';
import type { DatabaseLogin } from '../core/database-login';
import type { LoginReaderOf } from './login-reader';
import {
  KmsDecryptFailedError,
  KmsLoginCiphertextMalformedError,
  KmsLoginFormatError,
  KmsLoginKeyMismatchError,
  KmsLoginVariableMissingError,
} from './kms-login-errors';

/** The login kept as a KMS ciphertext in a function variable. */
export type KmsLoginSource = Extract<ProbeLoginSource, { readonly kind: 'alicloud-kms-env' }>;

/**
 * KMS `Decrypt` (API 2016-01-20), e.g. `{"KeyId":"202b9877-5a25-46e3-a763-e20791b5****","KeyVersionId":
 * "2ab1a983-7072-4bbc-a582-584b5bd8****","Plaintext":"...","RequestId":"207596a2-36d3-4840-b1bd-f87044699bd7"}`
 * (KMS API reference, "Decrypt", https://www.alibabacloud.com/help/doc-detail/28950.htm; AlibabaCloudDocs/kms,
 * intl.en-US/API Reference/API list/Decrypt.md). `KeyVersionId` is not in the older reference: not required.
 */
export const DecryptResponse = v.looseObject({
  KeyId: v.string(),
  Plaintext: v.string(),
  KeyVersionId: v.optional(v.string()),
  RequestId: v.optional(v.string()),
});

export interface KmsLoginReaderOptions {
  /** The KMS client of a region (`kms.<region>.aliyuncs.com`, or `ALICLOUD_ENDPOINT_KMS`). */
  readonly kms: (region: string) => AlicloudRpc;
  /** Where `variable` is read, at each read; default `process.env`. */
  readonly env?: () => Readonly<Record<string, string | undefined>>;
}

/**
 * Reads a login kept as a KMS ciphertext: the function variable's base64 `CiphertextBlob`, decrypted with
 * KMS `Decrypt` in the binding's region, made with the binding's `keyId`, holding `{"username",
 * "password", "dbname"?}`. Rejects with a `KmsLoginError` whose message names the variable and what to do.
 *
 * Nothing is cached: each admission decrypts again. Admissions are rare (an address about to be
 * registered, a failover), one Decrypt is tens of milliseconds against a quota of 750 a second, and a
 * cache would be wrong exactly when it matters: 1. the operator disables the key, or re-encrypts a
 * rotated password and redeploys; 2. a warm function instance keeps the old plaintext; 3. the next
 * failover logs in with a password the operator believes revoked, or fails with one that no longer
 * works. A plaintext held only for the duration of one check is also one that no later bug can print.
 */
export function createKmsLoginReader(options: KmsLoginReaderOptions): LoginReaderOf<'alicloud-kms-env'> {
  const env = options.env ?? (() => process.env);
  return async (source, call) => {
    const { variable, region, keyId } = source;
    const ciphertext = env()[variable]?.trim() ?? '';
    if (ciphertext === '') {
      throw new KmsLoginVariableMissingError(
        variable,
        `KMS login: environment variable ${variable} is not set in the function: set it where you deploy to ` +
          `the CiphertextBlob that aliyun kms Encrypt --KeyId ${keyId} printed, and deploy again`,
      );
    }
    if (!isBase64(ciphertext)) {
      throw new KmsLoginCiphertextMalformedError(
        variable,
        `KMS login: environment variable ${variable} does not hold a base64 KMS ciphertext: set it to the ` +
          `CiphertextBlob that aliyun kms Encrypt --KeyId ${keyId} printed, and deploy again`,
      );
    }
    if (call.abortSignal?.aborted) {
      throw new KmsDecryptFailedError(
        variable,
        'Aborted',
        undefined,
        `KMS login: ${variable} was not decrypted: the invocation ran out of time first`,
      );
    }
    let answer: v.InferOutput<typeof DecryptResponse>;
    try {
      answer = await options
        .kms(region)
        .call('Decrypt', { CiphertextBlob: ciphertext }, DecryptResponse, { deadlineMs: call.deadlineMs });
    } catch (error) {
      throw decryptFailed(source, error);
    }
    // The binding names the one key its login may be encrypted with, and the deploy grants Decrypt on that
    // key only. A ciphertext of another key is refused even when KMS decrypts it (the role was granted
    // more, by hand or by a broad system policy): 1. someone who may change the function's variables but
    // not use the binding's key encrypts a login of their choosing with a key of their own; 2. the role
    // happens to be allowed to decrypt with it; 3. without this check the function would log in to the
    // new primary with that login and trust its answer. The configured key is the trust anchor: only a
    // login encrypted by someone allowed to use it counts.
    if (answer.KeyId !== keyId) {
      throw new KmsLoginKeyMismatchError(
        variable,
        `KMS login: the ciphertext in ${variable} was made with key ${answer.KeyId}, not with keyId ${keyId} ` +
          `that the binding names: encrypt the login with aliyun kms Encrypt --KeyId ${keyId} and deploy again`,
      );
    }
    return loginOf(variable, answer.Plaintext);
  };
}

/**
 * KMS gives back the `Plaintext` that `Encrypt` was given. Its reference asks for base64 there, the CLI
 * and the console take any text: both are read. A JSON object starts with `{`, which base64 never
 * does, so the two cannot be mistaken for each other.
 */
function loginOf(variable: string, plaintext: string): DatabaseLogin {
  const text = plaintext.trim();
  const json = text.startsWith('{')
    ? text
    : isBase64(text)
      ? Buffer.from(text, 'base64').toString('utf8')
      : '';
  try {
    return parseDatabaseLogin(json);
  } catch (error) {
    if (!(error instanceof DatabaseLoginFormatError)) throw error;
    throw new KmsLoginFormatError(
      variable,
      `KMS login: ${variable} decrypted, but ${error.message}: encrypt {"username": ..., "password": ...} ` +
        'as JSON (or its base64) and deploy again',
    );
  }
}

/** What to do about each documented Decrypt error (KMS API reference, "Public error codes"). */
function adviceFor(code: string, source: KmsLoginSource): string {
  const { region, keyId } = source;
  switch (code) {
    case 'Forbidden.KeyNotFound':
      return `the key that made it does not exist in ${region} (deleted, or made in another region or account): encrypt the login with key ${keyId} in ${region} and deploy again`;
    case 'Rejected.Disabled':
      return `key ${keyId} is disabled: enable it (aliyun kms EnableKey --KeyId ${keyId}) or encrypt the login with an enabled key`;
    case 'Rejected.PendingDeletion':
      return `key ${keyId} is pending deletion: cancel it (aliyun kms CancelKeyDeletion --KeyId ${keyId}) or encrypt the login with another key`;
    case 'Forbidden.NoPermission':
      return `the function's role may not decrypt with the key: grant kms:Decrypt on acs:kms:${region}:<account>:key/${keyId} (the deploy's policy does)`;
    case 'InvalidParameter':
    case 'MissingParameter':
      return 'KMS did not take the ciphertext (cut short, or not from KMS Encrypt): encrypt the login again and deploy again';
    default:
      return `the next run tries again; if it persists, check that the function reaches kms.${region}.aliyuncs.com`;
  }
}

function decryptFailed(source: KmsLoginSource, error: unknown): KmsDecryptFailedError {
  const code = error instanceof AlicloudError ? error.code : 'Unknown';
  const requestId = error instanceof AlicloudError ? error.requestId : undefined;
  const request = requestId === undefined ? '' : ` (RequestId ${requestId})`;
  return new KmsDecryptFailedError(
    source.variable,
    code,
    requestId,
    `KMS login: Decrypt of ${source.variable} in ${source.region} failed with ${code}${request}: ${adviceFor(code, source)}`,
    { cause: error },
  );
}
