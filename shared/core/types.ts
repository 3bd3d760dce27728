/**
 * The vocabulary every layer shares. Nothing here does I/O.
 */

/** Health of one backend, normalised across clouds. Draining backends never reach the core. */
export const BackendHealth = {
  Healthy: 'healthy',
  /** Registered, health checks not (yet) passing: `initial`, `unused`, `Adding`, ... */
  Pending: 'pending',
  Unhealthy: 'unhealthy',
  /** Leaving the pool: `draining`, `Removing`. Does not count as present (invariant 5). */
  Draining: 'draining',
} as const;
export type BackendHealth = (typeof BackendHealth)[keyof typeof BackendHealth];

/** One address a load balancer sends traffic to. Keyed by (ip, port), see `backendKey`. */
export interface BackendAddress {
  readonly ip: string;
  readonly port: number;
}

/** A backend as the load balancer reports it. `state` is the cloud's own word, kept for reports. */
export interface Backend extends BackendAddress {
  readonly health: BackendHealth;
  readonly state: string;
}

/** What to do when new backends are not healthy by the health deadline. */
export const OnHealthTimeout = {
  /** Leave the old backends in place, report the binding as failed, let the next run try again. */
  KeepOld: 'keep-old',
  /** Remove the old backends anyway: the database moved, the old IP is dead weight. */
  RemoveOld: 'remove-old',
} as const;
export type OnHealthTimeout = (typeof OnHealthTimeout)[keyof typeof OnHealthTimeout];

/** Whether a binding's drift is repaired or only reported. */
export const BindingMode = {
  Apply: 'apply',
  ReportOnly: 'report-only',
} as const;
export type BindingMode = (typeof BindingMode)[keyof typeof BindingMode];

/** The guards `plan()` enforces, taken from the binding. */
export interface PlanPolicy {
  /** CIDR blocks a desired address must fall in (invariant 2). */
  readonly allowedCidrs: readonly string[];
  /** Most addresses the endpoint may resolve to before we refuse (invariant 2). */
  readonly maxBackends: number;
  readonly onHealthTimeout: OnHealthTimeout;
}

/** Per-binding outcome, the word a person reads first in the report. */
export const Outcome = {
  InSync: 'in-sync',
  /** Another invocation holds the pool's lease and is changing it: not a failure, the holder reports. */
  Busy: 'busy',
  Swapped: 'swapped',
  Drift: 'drift',
  Refused: 'refused',
  Failed: 'failed',
} as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

/** Injected time, so waits and deadlines run in virtual time under test. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}
