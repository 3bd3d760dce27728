import type { FaultInjector } from './faults';
import type { JsonDialect, JsonError } from './json-protocol';

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

/** One request a JSON 1.0 emulator received after authentication, in arrival order. */
export interface JsonCall {
  /** The `X-Amz-Target` operation, e.g. `PutItem`. */
  operation: string;
  /** The request body as sent. */
  input: Record<string, unknown>;
  /** The emulator's clock when the request arrived. */
  at: number;
  /** The error name answered (the part of `__type` after `#`), when the call failed. */
  errorCode?: string;
}

/** What `startJsonServer` needs from an emulator speaking AWS JSON 1.0 or 1.1. */
export interface JsonService {
  /** The `X-Amz-Target` prefix, e.g. `DynamoDB_20120810`. */
  readonly targetPrefix: string;
  /** JSON 1.0 unless given. */
  readonly dialect?: JsonDialect;
  readonly faults: JsonFaults;
  readonly calls: JsonCall[];
  now(): number;
  /** Runs one operation: returns the answer's body, or throws a `JsonError`. */
  dispatch(operation: string, input: Record<string, unknown>): Record<string, unknown>;
}

/** How a JSON 1.0 service consults its injected faults around one operation. */
export interface JsonFaults {
  /**
   * Consumes the next fault queued for `operation`: throws the error it answers instead of running the
   * operation, or returns one to answer after the operation ran (a reply lost after the write).
   */
  apply(operation: string): Promise<JsonError | undefined>;
}
