import type { ClientConnections } from './config-types';
import type { DrainSettings } from './drain';
import type { Refusal } from './refusal';
import type { Resolution } from './resolution';
import { Outcome } from './types';

/** A backend as reports show it: `10.0.0.5:5432` and the cloud's own state word. */
export interface BackendView {
  readonly target: string;
  readonly state: string;
}

/** One thing the loop did (or, in a dry run, would do) to a pool. */
export interface ActionRecord {
  readonly action: 'probe' | 'register' | 'wait-healthy' | 'deregister' | 'replace';
  readonly targets: readonly string[];
  /** Milliseconds since the binding's reconcile started. */
  readonly atMs: number;
  readonly durationMs: number;
  /**
   * For `wait-healthy`: whether every target became healthy in time. For `deregister`: why. For `probe`:
   * what each target answered (the server version, when its protocol names one before login).
   */
  readonly result?: string;
}

/**
 * The pool's drain settings as read once in this invocation, and what the binding's `onSwap` policy made
 * of them. `set`: changed now; `would-set`: drift a dry run or a report-only binding leaves as it is;
 * `not-applicable`: the pool kind has no such setting the policy could use (a CLB relay group).
 */
export interface ConnectionsReport {
  readonly policy: ClientConnections;
  readonly seen?: DrainSettings;
  readonly wanted?: DrainSettings;
  readonly result: 'left' | 'in-sync' | 'set' | 'would-set' | 'failed' | 'not-applicable';
  /** Why, in a sentence: the differences, the error, or why the policy does not apply. */
  readonly detail?: string;
}

export interface PoolReport {
  readonly pool: string;
  readonly outcome: Outcome;
  readonly before: readonly BackendView[];
  readonly after: readonly BackendView[];
  readonly actions: readonly ActionRecord[];
  /** Why the outcome is what it is, in a sentence. */
  readonly reason: string;
  readonly refusal?: Refusal;
  readonly error?: { readonly step: string; readonly code: string; readonly message: string };
  readonly durationMs: number;
  readonly connections?: ConnectionsReport;
}

export interface BindingReport {
  readonly binding: string;
  readonly endpoint: string;
  readonly outcome: Outcome;
  readonly mode: 'apply' | 'report-only' | 'dry-run';
  readonly resolution: Resolution;
  readonly settle?: {
    readonly waitedMs: number;
    readonly polls: number;
    readonly changed: boolean;
    /** Answers refused while waiting for DNS to move, and alerted at once: the first, and how many polls. */
    readonly refused?: {
      readonly polls: number;
      readonly first: Refusal;
      readonly addresses: readonly string[];
    };
  };
  readonly pools: readonly PoolReport[];
  readonly alerts: { readonly sent: readonly string[]; readonly failed: readonly string[] };
  readonly durationMs: number;
}

/** The one JSON document an invocation returns. */
export interface Report {
  readonly trigger: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly dryRun: boolean;
  readonly outcomes: Partial<Record<Outcome, number>>;
  readonly bindings: readonly BindingReport[];
  /** Bindings the trigger concerns that this platform's functions do not manage, and why. */
  readonly skipped?: readonly { readonly binding: string; readonly reason: string }[];
  /** Set when the trigger selected nothing, saying why. */
  readonly note?: string;
}

const SEVERITY: readonly Outcome[] = [
  Outcome.InSync,
  Outcome.Busy,
  Outcome.Swapped,
  Outcome.Drift,
  Outcome.Refused,
  Outcome.Failed,
];

/** The most severe of several outcomes; in-sync when there are none. */
export function worstOutcome(outcomes: readonly Outcome[]): Outcome {
  return outcomes.reduce<Outcome>(
    (worst, outcome) => (SEVERITY.indexOf(outcome) > SEVERITY.indexOf(worst) ? outcome : worst),
    Outcome.InSync,
  );
}

/** Whether a report holds a binding that must make the handler fail (invariant 6). */
export function needsAttention(report: Report): boolean {
  return report.bindings.some(
    (b) => b.outcome === Outcome.Refused || b.outcome === Outcome.Failed || b.alerts.failed.length > 0,
  );
}
