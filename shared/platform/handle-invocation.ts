import { randomUUID } from 'node:crypto';
import { figuresOf } from '../core/metrics';
import { needsAttention } from '../core/report';
import type { Report } from '../core/report';
import { deliveryIdOf } from '../events/delivery-id';
import { EventParseError } from '../events/errors';
import type { Trigger } from '../events/types';
import type { Logger } from '../log/logger';
import { metricRecord } from '../log/metric-records';
import type { MetricsTarget } from '../log/metric-records';
import { reconcile } from '../reconcile';
import type { PerInvocation, ReconcileDeps } from '../reconcile';
import { invocationDeadline } from './deadline';
import { ReconcileFailedError } from './failed-error';

/** What a resolver may know of the invocation it serves. */
export interface ResolveInvocation {
  readonly trigger: Trigger;
  readonly deadlineMs: number;
  readonly abortSignal: AbortSignal;
}

/** A runtime, with an optional resolver that depends on the invocation. */
export type InvocationRuntime = Omit<ReconcileDeps, PerInvocation> & {
  /**
   * The resolver for one invocation: it may use what the trigger says (the writer a failover event
   * names) and the invocation's deadline. Without it, `resolve` serves every invocation.
   */
  readonly resolveFor?: (invocation: ResolveInvocation) => ReconcileDeps['resolve'];
};

export interface InvocationOptions {
  /** The platform's trigger parser. */
  readonly parse: (event: unknown) => Trigger;
  /** The trigger kinds this function takes; anything else is a wiring mistake, refused. */
  readonly accepts: readonly Trigger['kind'][];
  readonly runtime: InvocationRuntime;
  /** How long the platform lets this invocation run, counted from `startedMs`. */
  readonly remainingMs: number;
  /**
   * When `remainingMs` was read, on the runtime's clock; now by default. A handler that has already
   * bound clients to the invocation's deadline passes the instant it computed that deadline from, so
   * both agree to the millisecond.
   */
  readonly startedMs?: number;
  /** This invocation's name as a lease holder; default a random UUID. */
  readonly runId?: string;
  /** The payload as a person reads it, logged whole when it cannot be understood. */
  readonly readable?: (event: unknown) => unknown;
  /** The platform's id of this invocation (Lambda's `awsRequestId`, FC's `requestId`), on every line. */
  readonly requestId?: string;
  /** Where the report's figures go, one `metrics` line per binding; none when absent (tests, the CLI). */
  readonly metrics?: MetricsTarget;
}

/**
 * Parse, reconcile, report; throw after alerting when a binding needs attention (invariant 6).
 * Everything a handler does, on either cloud.
 */
export async function handleInvocation(event: unknown, options: InvocationOptions): Promise<Report> {
  const readable = () => (options.readable ? options.readable(event) : event);
  // Every line of the invocation, the engine's included, carries both ids: one search finds them all.
  const eventId = deliveryIdOf(readable());
  const log = options.runtime.log.child({
    ...(options.requestId !== undefined ? { requestId: options.requestId } : {}),
    ...(eventId !== undefined ? { eventId } : {}),
  });
  const runtime = { ...options.runtime, log };
  let trigger: Trigger;
  try {
    trigger = options.parse(event);
    if (!options.accepts.includes(trigger.kind)) {
      throw new EventParseError(
        `this function takes ${options.accepts.join(' or ')} triggers, not ${trigger.kind}`,
      );
    }
  } catch (error) {
    runtime.log.error('unrecognised event, nothing changed', {
      error: (error as Error).message,
      event: readable(),
    });
    throw error;
  }
  // What the parser made of the payload: the first thing to look at when a trigger selects the wrong bindings.
  runtime.log.debug('trigger parsed', { trigger });
  if (trigger.kind === 'rds-event' && trigger.skipped !== undefined) {
    runtime.log.warn('events of the delivery that are not about RDS, skipped', { skipped: trigger.skipped });
  }
  if (trigger.kind === 'rds-event' && trigger.events.some((e) => e.unknownEvent)) {
    // Alibaba's RDS event names are not all documented: an unknown one still reconciles its bindings,
    // and the payload is kept whole so the table of known names can learn it.
    runtime.log.warn('unknown RDS event, reconciling its bindings without settling', { event: readable() });
  }
  // The work ends early enough for the alert to go out before the platform's deadline; see `invocationDeadline`.
  const { deadlineMs } = invocationDeadline(options.startedMs ?? runtime.clock.now(), options.remainingMs);
  // Abandons a hung SDK call at the deadline, whatever the client's own timeouts allow.
  const abortSignal = AbortSignal.timeout(Math.max(0, deadlineMs - runtime.clock.now()));
  const { resolveFor, ...deps } = runtime;
  // Every invocation holds leases under its own name, so a retry of this event is another holder.
  const report = await reconcile(trigger, {
    ...deps,
    ...(resolveFor ? { resolve: resolveFor({ trigger, deadlineMs, abortSignal }) } : {}),
    deadlineMs,
    abortSignal,
    runId: options.runId ?? randomUUID(),
  });
  runtime.log.info('report', { report });
  // Before the throw below: a failed binding is exactly what the Failures alarm must see.
  if (options.metrics) writeMetrics(log, report, options.metrics, runtime.clock.now());
  if (needsAttention(report)) throw new ReconcileFailedError(report);
  return report;
}

function writeMetrics(log: Logger, report: Report, target: MetricsTarget, nowMs: number): void {
  for (const figures of figuresOf(report)) log.metrics(metricRecord(figures, target, nowMs));
}
