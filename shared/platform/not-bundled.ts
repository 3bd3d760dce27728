/**
 * A capability the function's bundle was built without: the bundle is made for its bindings file, and
 * the two ship together, so this means a bindings file deployed without packaging again.
 */
export class NotBundledError extends Error {
  override readonly name = 'NotBundledError';

  constructor(readonly capability: string) {
    super(`this bundle was built for bindings without ${capability}: package and deploy again`);
  }
}

/** The stand-in for every function of a module left out of the bundle. */
export function notBundled(capability: string): () => never {
  return () => {
    throw new NotBundledError(capability);
  };
}
