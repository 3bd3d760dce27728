import { PoolApiError } from './errors';
import type { PoolStep } from './errors';
import { AlicloudError } from '../alicloud/errors';
import { scrubbedError } from '../core/scrub';

/**
 * What an Alibaba Cloud adapter throws to the loop: always a `PoolApiError` naming the pool and the
 * step, with the API's code (or the wrapper's: `Timeout`, `UnexpectedResponse`, ...) and the original
 * error as `cause`.
 */
export function toPoolApiError(pool: string, step: PoolStep, error: unknown): PoolApiError {
  if (error instanceof PoolApiError) return error;
  if (error instanceof AlicloudError) {
    return new PoolApiError(pool, step, error.code, error.message, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new PoolApiError(pool, step, 'Unknown', message, { cause: scrubbedError(error) });
}
