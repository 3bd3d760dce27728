import { scrubSecrets } from '../core/scrub';
import { AlicloudClientCode } from './constants';

/**
 * Every error the Alibaba Cloud wrapper throws: the action called, a code, and the `RequestId` when
 * the service gave one (what Alibaba Cloud support asks for). Never carries a credential.
 */
export abstract class AlicloudError extends Error {
  constructor(
    readonly action: string,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(scrubSecrets(message), options);
  }
}

/**
 * The call failed: the service answered an error `Code` (`Throttling.User`, `ResourceNotFound.BackendServer`,
 * ...), or the answer was unreadable (`InvalidResponse`), or there was none (`NetworkError`, `Timeout`).
 * `message` is `<Action>: <what went wrong>`, with pop-core's `, URL: ...` suffix removed.
 */
export class AlicloudApiError extends AlicloudError {
  override readonly name = 'AlicloudApiError';
}

/**
 * The service answered JSON that does not have the action's shape. pop-core passes an error body
 * without `Code` as a success, so this is how such an error shows up. `code` is `UnexpectedResponse`.
 */
export class AlicloudResponseError extends AlicloudError {
  override readonly name = 'AlicloudResponseError';
  constructor(
    action: string,
    /** What did not match, as `path: expected X, got Y`; values are never quoted. */
    readonly problems: readonly string[],
    requestId: string | undefined,
    options?: { cause?: unknown; apiMessage?: string },
  ) {
    const said = options?.apiMessage === undefined ? '' : ` (Message: ${options.apiMessage})`;
    super(
      action,
      AlicloudClientCode.UnexpectedResponse,
      `${action} returned an unexpected response: ${problems.join('; ')}${said}`,
      requestId,
      options,
    );
  }
}
