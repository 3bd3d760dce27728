import { scrubSecrets } from '../core/scrub';

/** The pool operation that failed. */
export type PoolStep = 'describe' | 'register' | 'deregister' | 'settings';

/**
 * A load balancer API call that failed after the SDK's own retries. `code` is the API's error code
 * (`TargetGroupNotFoundException`, `ThrottlingException`, ...); `cause` keeps the original error.
 */
export class PoolApiError extends Error {
  override readonly name = 'PoolApiError';
  constructor(
    readonly pool: string,
    readonly step: PoolStep,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    // The one door every cloud's error text passes on its way to reports, logs and alerts.
    super(`${step} on ${pool} failed: ${code}: ${scrubSecrets(message)}`, options);
  }
}
