import type { Resolution } from '../core/resolution';
import { describeDrain } from '../core/drain';
import type { BackendView, BindingReport, ConnectionsReport, PoolReport } from '../core/report';

/**
 * A binding's report as an alert carries it: taken before the alert is sent, so without the `alerts`
 * that say where it went.
 */
export type AlertReport = Omit<BindingReport, 'alerts'>;

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
  readonly report: AlertReport;
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

function summaryOf(report: AlertReport, trigger: string): SummaryLine[] {
  return [
    { text: `${report.binding}: ${report.outcome}${report.mode === 'apply' ? '' : ` (${report.mode})`}.` },
    { text: `Endpoint ${report.endpoint} ${describeResolution(report.resolution)}.` },
    ...report.pools.map(describePool),
    { text: `Trigger: ${trigger}.` },
  ];
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
        return `${report.binding} FAILED: ${pool?.reason ?? 'see details'}`;
      default:
        return `${report.binding} ${report.outcome}`;
    }
  })();
  // SNS accepts printable ASCII only, no line breaks.
  const ascii = `rds-failover-sync: ${text}`.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length > SUBJECT_MAX ? `${ascii.slice(0, SUBJECT_MAX - 3)}...` : ascii;
}

function describeResolution(resolution: Resolution): string {
  const verdict = resolution.verdict
    ? ` [DNS: ${resolution.verdict.dns}; RDS API: ${resolution.verdict.api}; ${resolution.verdict.why}]`
    : '';
  if (!resolution.ok) return `could not be resolved (${resolution.failure}: ${resolution.detail})${verdict}`;
  return `resolved to ${resolution.addresses.join(', ')} (TTL ${resolution.ttlSeconds} s, via ${resolution.server})${verdict}`;
}

function describePool(pool: PoolReport): SummaryLine {
  return {
    text: `Pool ${pool.pool}: ${pool.outcome}, ${pool.reason}.`,
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

function targetsOf(backends: readonly BackendView[]): string {
  return backends
    .filter((b) => !b.state.includes('draining'))
    .map((b) => b.target.slice(0, b.target.lastIndexOf(':')))
    .join(', ');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
