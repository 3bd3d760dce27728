import type { Resolution } from '../core/resolution';
import { describeDrain } from '../core/drain';
import type { BackendView, BindingReport, ConnectionsReport, PoolReport } from '../core/report';
import { adviceFor } from './advice';

/**
 * A binding's report as an alert carries it: taken before the alert is sent, so without the `alerts`
 * that say where it went.
 */
export type AlertReport = Omit<BindingReport, 'alerts'>;

/** What an alert carries when a function could not even load its bindings: no binding was looked at. */
export interface ConfigurationFailureReport {
  readonly kind: 'configuration-failed';
  /** The function that failed, as its platform names it. */
  readonly function: string;
  /** The error's class name: `ConfigError`, `LeaseStoreMissingError`, ... */
  readonly error: string;
  /** One line per problem, scrubbed and capped. */
  readonly problems: readonly string[];
}

/**
 * One line of an alert's summary, with the lines that belong under it (a pool's backends and actions).
 * Sinks lay the two levels out for their medium: indented text, markdown list items.
 */
export interface SummaryLine {
  readonly text: string;
  readonly details?: readonly string[];
}

/** An alert as data: each sink renders it for its own medium. */
export interface AlertMessage {
  /** One line of at most 99 printable ASCII characters: what happened to which binding. */
  readonly subject: string;
  /** What a person reads after the subject: outcome, endpoint answer, each pool and its actions, trigger. */
  readonly summary: readonly SummaryLine[];
  readonly report: AlertReport | ConfigurationFailureReport;
  /** What started the run, in words. */
  readonly trigger: string;
}

// SNS Publish: "Subjects must be ... less than 100 characters long" (the Subject member's doc in the
// SNS API model, @aws-sdk/client-sns). Every other medium gets the same line, so one subject fits them all.
const SUBJECT_MAX = 99;

/** Builds the alert for a binding's report: decides the subject and summary a person reads first. */
export function alertMessageOf(report: AlertReport, trigger: string): AlertMessage {
  return { subject: subjectOf(report), summary: summaryOf(report, trigger), report, trigger };
}

/** A summary as plain text: one line each, the lines under a line indented by two spaces. */
export function summaryText(summary: readonly SummaryLine[]): string {
  return summary.flatMap((line) => [line.text, ...(line.details ?? []).map((d) => `  ${d}`)]).join('\n');
}

/** A binding's report in a few lines a person reads, as plain text (what the CLI prints). */
export function summarize(report: AlertReport, trigger: string): string {
  return summaryText(summaryOf(report, trigger));
}

/**
 * What a person reads, in the order they need it: what happened and how long it took, why (when it is
 * not a plain swap), the endpoint's answer, each pool before and after with what was done, what started
 * it, and what to do about it (when refused, failed or drifting).
 */
function summaryOf(report: AlertReport, trigger: string): SummaryLine[] {
  const why = whyOf(report);
  const advice = adviceFor(report);
  return [
    { text: headlineOf(report) },
    ...(why ? [{ text: `Why: ${why}.` }] : []),
    {
      text: `Endpoint ${report.endpoint} ${describeResolution(report.resolution)}${describeSettle(report)}.`,
    },
    ...report.pools.map((pool) => describePool(pool, report.mode)),
    { text: `Trigger: ${trigger}.` },
    ...(advice ? [advice] : []),
  ];
}

/** `orders: swapped in 21.4 s.`, `orders: REFUSED after 0.2 s; nothing was changed.` */
function headlineOf(report: AlertReport): string {
  const mode = report.mode === 'apply' ? '' : ` (${report.mode})`;
  const took = seconds(report.durationMs);
  switch (report.outcome) {
    case 'swapped':
      return `${report.binding}: swapped${mode} in ${took} s.`;
    case 'in-sync':
    case 'busy':
      return `${report.binding}: ${report.outcome}${mode}.`;
    case 'drift':
      return `${report.binding}: DRIFT${mode}, found in ${took} s; nothing was changed.`;
    case 'refused':
      return `${report.binding}: REFUSED${mode} after ${took} s; nothing was changed.`;
    case 'failed':
      return `${report.binding}: FAILED${mode} after ${took} s.`;
  }
}

/** The sentence that explains a drift, refusal or failure: the first pool with that outcome says it. */
function whyOf(report: AlertReport): string | undefined {
  if (report.outcome !== 'drift' && report.outcome !== 'refused' && report.outcome !== 'failed')
    return undefined;
  const simulated = report.mode !== 'apply';
  const pool =
    report.pools.find((p) => p.outcome === report.outcome) ??
    report.pools.find((p) => simulated && p.outcome === 'swapped') ??
    report.pools[0];
  if (pool === undefined) return undefined;
  if (pool.refusal) return `${pool.refusal.reason}: ${pool.refusal.detail}`;
  if (simulated && pool.outcome === 'swapped') return driftOf(pool);
  return pool.reason;
}

/** A simulated swap is drift: what the pool holds, and what it must hold. */
function driftOf(pool: PoolReport): string {
  const held = (list: readonly BackendView[]) => targetsWithPort(list) || 'nothing';
  return `the pool holds ${held(pool.before)}; it must hold ${held(pool.after)}`;
}

function subjectOf(report: AlertReport): string {
  const pool = report.pools.find((p) => p.outcome === report.outcome) ?? report.pools[0];
  const from = targetsOf(pool?.before ?? []);
  const to = report.resolution.ok ? report.resolution.addresses.join(', ') : '';
  const text = ((): string => {
    switch (report.outcome) {
      case 'swapped':
        if (pool?.actions.length === 0 && pool.connections?.result === 'set')
          return `${report.binding} connection settings set: ${describeDrain(pool.connections.wanted ?? { closesConnections: true, delaySeconds: 0 })}`;
        return `${report.binding} swapped to ${targetsOf(pool?.after ?? [])} (was ${from || 'empty'})`;
      case 'drift':
        return `${report.binding} DRIFT: pool on ${from || 'nothing'}, endpoint at ${to}`;
      case 'refused':
        return `${report.binding} REFUSED: ${pool?.refusal?.reason ?? 'see details'}`;
      case 'failed':
        // The step and the cloud's error code first: a long reason would be cut before them.
        return pool?.error
          ? `${report.binding} FAILED: ${pool.error.step} ${pool.error.code} on ${pool.pool}`
          : `${report.binding} FAILED: ${pool?.reason ?? 'see details'}`;
      default:
        return `${report.binding} ${report.outcome}`;
    }
  })();
  // SNS accepts printable ASCII only, no line breaks.
  const ascii = `rds-failover-sync: ${text}`.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length > SUBJECT_MAX ? `${ascii.slice(0, SUBJECT_MAX - 3)}...` : ascii;
}

/** How long the loop waited for DNS to move after a failover event, when it did. */
function describeSettle({ settle }: AlertReport): string {
  if (!settle) return '';
  const polls = `${settle.polls} ${settle.polls === 1 ? 'query' : 'queries'}`;
  return settle.changed
    ? `, after waiting ${seconds(settle.waitedMs)} s for DNS to move (${polls})`
    : `; DNS had not moved after ${seconds(settle.waitedMs)} s (${polls})`;
}

function describeResolution(resolution: Resolution): string {
  const verdict = resolution.verdict
    ? ` [DNS: ${resolution.verdict.dns}; RDS API: ${resolution.verdict.api}; ${resolution.verdict.why}]`
    : '';
  if (!resolution.ok) return `could not be resolved (${resolution.failure}: ${resolution.detail})${verdict}`;
  return `resolved to ${resolution.addresses.join(', ')} (TTL ${resolution.ttlSeconds} s, via ${resolution.server})${verdict}`;
}

function describePool(pool: PoolReport, mode: AlertReport['mode']): SummaryLine {
  // Report-only and dry runs work on a copy of the pool: its "swap" and actions never happened.
  if (mode !== 'apply' && pool.outcome === 'swapped') {
    return {
      text: `Pool ${pool.pool}: drift, nothing changed.`,
      details: [
        `now:          ${describeBackends(pool.before)}`,
        `must hold:    ${targetsWithPort(pool.after) || '(none)'}`,
        `apply would:  ${pool.actions.map((a) => `${a.action} ${a.targets.join(', ')}`).join(', then ')}`,
      ],
    };
  }
  // A refusal's reason starts "refused: ...": say the word once.
  const said = pool.reason.startsWith(`${pool.outcome}:`) ? pool.reason : `${pool.outcome}, ${pool.reason}`;
  return {
    text: `Pool ${pool.pool}: ${said}.`,
    details: [
      `before: ${describeBackends(pool.before)}`,
      `after:  ${describeBackends(pool.after)}`,
      ...pool.actions.map(
        (a) =>
          `${a.action} ${a.targets.join(', ')} at +${seconds(a.atMs)} s, took ${seconds(a.durationMs)} s` +
          (a.result ? ` (${a.result})` : ''),
      ),
      ...(pool.connections ? [describeConnections(pool.connections)] : []),
    ],
  };
}

/** `connections: close; pool: keep open (delay 300 s); set to close after 30 s`. */
function describeConnections(connections: ConnectionsReport): string {
  const seen = connections.seen ? `; pool: ${describeDrain(connections.seen)}` : '';
  const wanted = connections.wanted ? ` to ${describeDrain(connections.wanted)}` : '';
  const result = {
    left: 'left as it is',
    'in-sync': 'as wanted',
    set: `set${wanted}`,
    'would-set': `would be set${wanted}`,
    failed: 'FAILED',
    'not-applicable': 'not applicable',
  }[connections.result];
  const detail = connections.detail ? ` (${connections.detail})` : '';
  return `connections: ${connections.policy}${seen}; ${result}${detail}`;
}

function describeBackends(backends: readonly BackendView[]): string {
  return backends.length === 0 ? '(none)' : backends.map((b) => `${b.target} (${b.state})`).join(', ');
}

/** `10.0.0.5:5432, ...`: the members that count (not draining), with their ports. */
function targetsWithPort(backends: readonly BackendView[]): string {
  return backends
    .filter((b) => !b.state.includes('draining'))
    .map((b) => b.target)
    .join(', ');
}

function targetsOf(backends: readonly BackendView[]): string {
  return backends
    .filter((b) => !b.state.includes('draining'))
    .map((b) => b.target.slice(0, b.target.lastIndexOf(':')))
    .join(', ');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
