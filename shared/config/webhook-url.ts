/**
 * `env:NAME`: the variable a value kept out of the file is read from (a webhook URL, a KMS login
 * ciphertext). The name as POSIX shells spell one, upper case.
 */
export const ENV_REFERENCE = /^env:([A-Z_][A-Z0-9_]{0,127})$/;

/** The variable an `env:NAME` URL names; undefined for a plain URL or a malformed reference. */
export function envVariableOf(url: string): string | undefined {
  return ENV_REFERENCE.exec(url)?.[1];
}

/** An absolute http(s) URL, as a webhook must be. */
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\/\S+$/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
