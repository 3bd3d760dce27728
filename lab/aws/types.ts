import type { FaultInjector } from './faults';

/** One request an emulator received after authentication, in arrival order. */
export interface QueryCall {
  action: string;
  /** The form fields as sent, minus `Action` and `Version`, e.g. `{ 'Targets.member.1.Id': '10.0.0.5' }`. */
  params: Record<string, string>;
  /** The emulator's clock when the request arrived. */
  at: number;
  /** The error code answered, when the call failed (injected faults included). */
  errorCode?: string;
}

/** What `startQueryServer` needs from an emulator. */
export interface QueryService {
  /** The `xmlns` of every response, which the SDK ignores but real AWS always sends. */
  readonly xmlNamespace: string;
  /** The API version the SDK sends as `Version`, e.g. `2015-12-01`. */
  readonly version: string;
  readonly faults: FaultInjector;
  readonly calls: QueryCall[];
  now(): number;
  /** Runs one action: returns the inner XML of `<ActionResult>`, or throws a `QueryError`. */
  dispatch(action: string, params: URLSearchParams): string;
}

/** Options every emulator takes, so tests run in virtual time. */
export interface EmulatorOptions {
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  now?: () => number;
  faults?: FaultInjector;
}
