import { PoolApiError } from '../backends/errors';
import { LeaseLostError, LeaseStoreError } from '../lease/errors';
import type { PoolReport } from '../core/report';

/**
 * The one place where an error met while working on a pool becomes part of its report: a cloud API
 * call that failed after its retries, a lease store that failed, a lease taken away. Anything else is a
 * bug and is thrown.
 */
export function poolFailureOf(error: unknown): Pick<PoolReport, 'reason' | 'error'> {
  if (error instanceof PoolApiError) {
    return { reason: error.message, error: { step: error.step, code: error.code, message: error.message } };
  }
  if (error instanceof LeaseStoreError) {
    return { reason: error.message, error: { step: 'lease', code: error.code, message: error.message } };
  }
  if (error instanceof LeaseLostError) {
    return { reason: error.message, error: { step: 'lease', code: 'LeaseLost', message: error.message } };
  }
  throw error;
}
