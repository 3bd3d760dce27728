/** A function started without a shared lease store: refusing to start beats changing pools unfenced. */
export class LeaseStoreMissingError extends Error {
  override readonly name = 'LeaseStoreMissingError';
  constructor(variables: string, creator: string) {
    super(
      `${variables} is not set: the function needs the lease table ${creator} creates, ` +
        'or two invocations could change one pool at once',
    );
  }
}

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

/**
 * The lease was taken by another invocation while this one thought it held it (its deadline passed, or
 * clocks disagree): nothing more may be sent to the pool.
 */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  constructor(
    readonly store: string,
    readonly pool: string,
    readonly owner: string,
  ) {
    super(`lease on ${pool} in ${store} is no longer held by ${owner}: no change sent`);
  }
}
