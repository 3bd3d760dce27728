/** A lease store call that failed for another reason than a failed condition. */
export class LeaseStoreError extends Error {
  override readonly name = 'LeaseStoreError';
  constructor(
    readonly store: string,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`lease store ${store}: ${code}: ${message}`, options);
  }
}
