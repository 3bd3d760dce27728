import type { CallContext } from '../backends/pool';
import type { ProbeConfig } from '../core/config-types';
import type { BackendAddress } from '../core/types';
import { probeAddress } from './probe-address';
import type { ProbeOptions } from './probe-address';
import type { ProbeResult } from './probe-result';

type ProbeFailed = Extract<ProbeResult, { readonly ok: false }>;

/** Whether addresses about to be registered may be: the engine holds the change when not. */
export interface AdmissionVerdict {
  readonly passed: boolean;
  /** One sentence per address, for the pool's report and the alert. */
  readonly detail: string;
}

/** Probes one address; replaced in tests of the engine. */
export type AddressProber = (address: BackendAddress, options: ProbeOptions) => Promise<ProbeResult>;

/**
 * Probes every address about to be registered, all at once, and passes only when each answered as the
 * binding's database should.
 */
export async function admitAddresses(
  addresses: readonly BackendAddress[],
  config: ProbeConfig,
  context: { readonly call: CallContext; readonly now: () => number },
  prober: AddressProber = probeAddress,
): Promise<AdmissionVerdict> {
  const options = { protocol: config.protocol, timeoutMs: config.timeoutMs, ...context };
  const results = await Promise.all(addresses.map((address) => prober(address, options)));
  const failed = results.filter((r): r is ProbeFailed => !r.ok);
  if (failed.length === 0) {
    return {
      passed: true,
      detail: `${config.protocol} probe passed: ${results.map((r) => `${r.target} ${r.summary}`).join('; ')}`,
    };
  }
  // The reason leads with what failed and where: an alert's subject keeps only its first 100 characters.
  return {
    passed: false,
    detail:
      `${config.protocol} probe failed, not registered: ` +
      failed.map((r) => `${r.target} ${r.failure} (${r.summary})`).join('; '),
  };
}
