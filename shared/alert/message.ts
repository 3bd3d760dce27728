import type { Resolution } from '../core/resolution';
import type { BackendView, BindingReport, PoolReport } from '../core/report';

/** What a person receives: a subject to read at a glance, a body with the summary first. */
export interface AlertMessage {
  readonly subject: string;
  readonly body: string;
}

const SUBJECT_MAX = 100; // SNS rejects longer subjects

/** Between an alert body's summary and its JSON details; sinks that want the parts split on it. */
const DETAILS_SEPARATOR = '\n\n--- details (JSON) ---\n';

/** Formats a binding's report as an alert: human summary, then the JSON details. */
export function formatAlert(report: BindingReport, trigger: string): AlertMessage {
  return {
    subject: subjectOf(report),
    body: `${summarize(report, trigger)}${DETAILS_SEPARATOR}${JSON.stringify(report, null, 2)}\n`,
  };
}

/** An alert body split where `formatAlert` joined it: the summary a person reads, the JSON details. */
export interface AlertBodyParts {
  readonly summary: string;
  /** The report, parsed; undefined when the body carries no (valid) JSON details. */
  readonly details?: unknown;
  /** The details as written in the body, for sinks that pass text on. */
  readonly detailsText?: string;
}

/** Splits an alert's body into its summary and its JSON details. */
export function alertBodyParts(message: AlertMessage): AlertBodyParts {
  const at = message.body.indexOf(DETAILS_SEPARATOR);
  if (at < 0) return { summary: message.body.trim() };
  const detailsText = message.body.slice(at + DETAILS_SEPARATOR.length).trim();
  const summary = message.body.slice(0, at).trim();
  try {
    return { summary, details: JSON.parse(detailsText) as unknown, detailsText };
  } catch {
    return { summary, detailsText };
  }
}

/** A binding's report in a few lines a person reads: outcome, endpoint answer, each pool and its actions. */
export function summarize(report: BindingReport, trigger: string): string {
  return [
    `${report.binding}: ${report.outcome}${report.mode === 'apply' ? '' : ` (${report.mode})`}.`,
    `Endpoint ${report.endpoint} ${describeResolution(report.resolution)}.`,
    ...report.pools.flatMap(describePool),
    `Trigger: ${trigger}.`,
  ].join('\n');
}

function subjectOf(report: BindingReport): string {
  const pool = report.pools.find((p) => p.outcome === report.outcome) ?? report.pools[0];
  const from = targetsOf(pool?.before ?? []);
  const to = report.resolution.ok ? report.resolution.addresses.join(', ') : '';
  const text = ((): string => {
    switch (report.outcome) {
      case 'swapped':
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

function describePool(pool: PoolReport): string[] {
  return [
    `Pool ${pool.pool}: ${pool.outcome}, ${pool.reason}.`,
    `  before: ${describeBackends(pool.before)}`,
    `  after:  ${describeBackends(pool.after)}`,
    ...pool.actions.map(
      (a) =>
        `  ${a.action} ${a.targets.join(', ')} at +${seconds(a.atMs)} s, took ${seconds(a.durationMs)} s` +
        (a.result ? ` (${a.result})` : ''),
    ),
  ];
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
