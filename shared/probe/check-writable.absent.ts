import { backendKey } from '../core/keys';
import { NotBundledError } from '../platform/not-bundled';
import { ProbeFailure } from './probe-result';
import type { WritableChecker } from './writable-check';

/**
 * Stands in for `check-writable.ts` in a bundle whose bindings ask for no writability check
 * (`probe.writable`): see there. A checker never throws, so the error is the failed result's words.
 */
export const checkWritable: WritableChecker = (address, options) => {
  const error = new NotBundledError('the writability check (probe.writable)');
  return Promise.resolve({
    ok: false,
    target: backendKey(address),
    protocol: options.protocol,
    failure: ProbeFailure.LoginUnavailable,
    summary: `${error.name}: ${error.message}`,
  });
};
