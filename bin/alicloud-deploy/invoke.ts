import type { InvokeOptions } from './args';
import type { FcResponse } from './fc-client';

/** What an invocation came back with, ready to print. */
export interface InvokeResult {
  /** False when the function threw (Function Compute says so in `x-fc-error-type`). */
  readonly ok: boolean;
  /** The report, or the function's error, as indented JSON when it is JSON. */
  readonly output: string;
  /** The tail of the function's log, when Function Compute sent it (`x-fc-log-result`). */
  readonly log?: string;
}

/** The manual payload the reconcile function takes: `{"bindings":["billing"],"dryRun":true}`. */
export function manualPayload(options: Pick<InvokeOptions, 'bindings' | 'dryRun'>): string {
  return JSON.stringify({
    ...(options.bindings.length > 0 ? { bindings: options.bindings } : {}),
    dryRun: options.dryRun,
  });
}

/**
 * Reads a synchronous invocation's answer. A function that throws still answers HTTP 200: the
 * `x-fc-error-type` header (`UnhandledInvocationError`) is the only sign, and the body is its error.
 */
export function readInvokeResult(response: FcResponse): InvokeResult {
  const header = (name: string) => {
    const value = response.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const log = header('x-fc-log-result');
  return {
    ok: header('x-fc-error-type') === undefined,
    output: pretty(response.data),
    ...(log ? { log: Buffer.from(log, 'base64').toString('utf8') } : {}),
  };
}

function pretty(data: unknown): string {
  const text = Buffer.isBuffer(data) ? data.toString('utf8') : data;
  if (typeof text !== 'string') return JSON.stringify(text, null, 2);
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
