import type { BackendAddress } from '../core/types';
import { backendKey } from '../core/keys';
import type { ProbeOptions } from './probe-address';
import { ProbeFailure } from './probe-result';
import type { ProbeResult } from './probe-result';

/** What a probe of one address (the protocol probe, the writability check) starts from. */
export interface ProbeStart {
  readonly target: string;
  /** A failed result for this address and protocol. */
  readonly failed: (failure: ProbeFailure, summary: string) => ProbeResult;
  /** The probe's own limit, cut to what is left before the invocation's deadline. */
  readonly budgetMs: number;
  /** When `budgetMs` was measured, on `options.now`'s clock. */
  readonly startedMs: number;
  /** Set when the probe must not begin: no time left, or the invocation already aborted. */
  readonly ended?: ProbeResult;
}

export function startProbe(address: BackendAddress, options: ProbeOptions): ProbeStart {
  const target = backendKey(address);
  const { protocol } = options;
  const failed = (failure: ProbeFailure, summary: string): ProbeResult => ({
    ok: false,
    target,
    protocol,
    failure,
    summary,
  });
  const startedMs = options.now();
  const budgetMs = Math.floor(Math.min(options.timeoutMs, options.call.deadlineMs - startedMs));
  const start = { target, failed, budgetMs, startedMs };
  if (budgetMs <= 0) {
    return { ...start, ended: failed(ProbeFailure.Timeout, 'no time left before the invocation deadline') };
  }
  if (options.call.abortSignal?.aborted) {
    return { ...start, ended: failed(ProbeFailure.Aborted, 'the invocation ran out of time') };
  }
  return start;
}
