/**
 * The binding keeps its login where this runtime does not read logins: a Secrets Manager secret on
 * Function Compute, a KMS ciphertext on Lambda. The bindings file refuses such a binding at load
 * (`probeLoginProblems`); this is what a runtime answers if one reaches it anyway.
 */
export class LoginSourceNotReadHereError extends Error {
  override readonly name = 'LoginSourceNotReadHereError';
}
