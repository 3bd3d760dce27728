import type { CallContext } from '../backends/pool';
import type { ProbeLoginSource } from '../core/config-types';
import type { DatabaseLogin } from '../core/database-login';
import { LoginSourceNotReadHereError } from './login-source-error';

/**
 * Reads the writability check's login where the binding keeps it: Secrets Manager on AWS, a KMS
 * ciphertext in the function's environment on Alibaba Cloud. Rejects with an error whose message is
 * safe to report (it names the source and the API's error, never the login).
 */
export type LoginReader = (source: ProbeLoginSource, call: CallContext) => Promise<DatabaseLogin>;

/** A reader of one kind of login source. */
export type LoginReaderOf<K extends ProbeLoginSource['kind']> = (
  source: Extract<ProbeLoginSource, { readonly kind: K }>,
  call: CallContext,
) => Promise<DatabaseLogin>;

/**
 * A runtime's `LoginReader` from the readers of the sources it reads; any other kind is refused with
 * `LoginSourceNotReadHereError`, naming what the runtime (`AWS`, `Alibaba Cloud`) reads instead.
 */
export function loginReader<K extends ProbeLoginSource['kind']>(
  runtime: string,
  reads: { readonly kind: K; readonly what: string; readonly read: LoginReaderOf<K> },
): LoginReader {
  return (source, call) =>
    isKind(source, reads.kind)
      ? reads.read(source, call)
      : Promise.reject(
          new LoginSourceNotReadHereError(
            `the ${runtime} runtime reads logins from ${reads.what} only, not from ${source.kind}`,
          ),
        );
}

function isKind<K extends ProbeLoginSource['kind']>(
  source: ProbeLoginSource,
  kind: K,
): source is Extract<ProbeLoginSource, { readonly kind: K }> {
  return source.kind === kind;
}
