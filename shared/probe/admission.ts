import type { CallContext } from '../backends/pool';
import { ProbeProtocol } from '../core/probe-protocol';
import type { ProbeConfig, WritableCheckConfig } from '../core/config-types';
import { backendKey } from '../core/keys';
import type { BackendAddress } from '../core/types';
import { checkWritable } from './check-writable';
import type { LoginReader } from './login-reader';
import { probeAddress } from './probe-address';
import type { ProbeOptions } from './probe-address';
import { ProbeFailure } from './probe-result';
import type { ProbeResult } from './probe-result';
import type { WritableChecker } from './writable-check';

type ProbeFailed = Extract<ProbeResult, { readonly ok: false }>;

/** Whether addresses about to be registered may be: the engine holds the change when not. */
export interface AdmissionVerdict {
  readonly passed: boolean;
  /** One sentence per address, for the pool's report and the alert. */
  readonly detail: string;
}

/** Probes one address; replaced in tests of the engine. */
export type AddressProber = (address: BackendAddress, options: ProbeOptions) => Promise<ProbeResult>;

/** How a runtime reaches the addresses and the logins a binding's probe names. */
export interface AdmissionAccess {
  /** The protocol probe; the real network when absent. */
  readonly probe?: AddressProber;
  /** Where `writable` logins are read; a runtime without it cannot check writability. */
  readonly readLogin?: LoginReader;
  /** The login and the question; the real drivers (`check-writable.ts`) when absent. */
  readonly checkWritable?: WritableChecker;
}

/**
 * Probes every address about to be registered, all at once, and passes only when each answered as the
 * binding's database should; with `writable`, then logs in to each and passes only when each takes
 * writes. The login is read once per admission, only after every protocol probe passed.
 */
export async function admitAddresses(
  addresses: readonly BackendAddress[],
  config: ProbeConfig,
  context: { readonly call: CallContext; readonly now: () => number },
  access: AdmissionAccess = {},
): Promise<AdmissionVerdict> {
  const options = { protocol: config.protocol, timeoutMs: config.timeoutMs, ...context };
  const prober = access.probe ?? probeAddress;
  const results = await Promise.all(addresses.map((address) => prober(address, options)));
  if (!config.writable || config.protocol === ProbeProtocol.Tcp || results.some((r) => !r.ok)) {
    return verdictOf(config.protocol, results, `${config.protocol} probe passed`);
  }
  return admitWritable(addresses, { ...options, protocol: config.protocol }, config.writable, access);
}

async function admitWritable(
  addresses: readonly BackendAddress[],
  options: ProbeOptions & { readonly protocol: 'mysql' | 'postgres' },
  writable: WritableCheckConfig,
  access: AdmissionAccess,
): Promise<AdmissionVerdict> {
  const unavailable = (summary: string): AdmissionVerdict =>
    failedVerdict(
      options.protocol,
      addresses.map((address) => ({
        ok: false,
        target: backendKey(address),
        protocol: options.protocol,
        failure: ProbeFailure.LoginUnavailable,
        summary,
      })),
    );
  if (!access.readLogin) {
    return unavailable('this runtime cannot check writability');
  }
  let login;
  try {
    login = await access.readLogin(writable.login, options.call);
  } catch (error) {
    return unavailable(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
  const database = writable.database ?? login.database;
  const check = access.checkWritable ?? checkWritable;
  const results = await Promise.all(
    addresses.map((address) =>
      check(address, { ...options, login, tls: writable.tls, ...(database ? { database } : {}) }),
    ),
  );
  return verdictOf(options.protocol, results, `${options.protocol} probe passed and takes writes`);
}

/** Passes when every address did, `passed` leading the detail; else fails with the failures. */
function verdictOf(
  protocol: ProbeProtocol,
  results: readonly ProbeResult[],
  passed: string,
): AdmissionVerdict {
  const failed = results.filter((r): r is ProbeFailed => !r.ok);
  if (failed.length > 0) return failedVerdict(protocol, failed);
  return { passed: true, detail: `${passed}: ${results.map((r) => `${r.target} ${r.summary}`).join('; ')}` };
}

function failedVerdict(protocol: ProbeProtocol, failed: readonly ProbeFailed[]): AdmissionVerdict {
  // The reason leads with what failed and where: an alert's subject keeps only its first 100 characters.
  return {
    passed: false,
    detail:
      `${protocol} probe failed, not registered: ` +
      failed.map((r) => `${r.target} ${r.failure} (${r.summary})`).join('; '),
  };
}
