/**
 * Why a login kept as a KMS ciphertext in a function variable could not be read. Every message names the
 * variable and says what to do; none quotes the variable's value or anything KMS decrypted from it.
 */
export abstract class KmsLoginError extends Error {
  constructor(
    /** The environment variable the binding's `kmsCiphertext: env:NAME` names. */
    readonly variable: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The variable is not set in the function, or is empty. */
export class KmsLoginVariableMissingError extends KmsLoginError {
  override readonly name = 'KmsLoginVariableMissingError';
}

/** The variable holds something that is not a base64 `CiphertextBlob`. */
export class KmsLoginCiphertextMalformedError extends KmsLoginError {
  override readonly name = 'KmsLoginCiphertextMalformedError';
}

/** KMS `Decrypt` answered an error, or no answer came in time. `code` is KMS's error code or the client's. */
export class KmsDecryptFailedError extends KmsLoginError {
  override readonly name = 'KmsDecryptFailedError';
  constructor(
    variable: string,
    readonly code: string,
    readonly requestId: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(variable, message, options);
  }
}

/** The ciphertext decrypted, but under another key than the binding's `keyId`. */
export class KmsLoginKeyMismatchError extends KmsLoginError {
  override readonly name = 'KmsLoginKeyMismatchError';
}

/** The ciphertext decrypted, but its plaintext is not a `{"username", "password"}` login. */
export class KmsLoginFormatError extends KmsLoginError {
  override readonly name = 'KmsLoginFormatError';
}
