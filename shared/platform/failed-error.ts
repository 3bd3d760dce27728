import type { Report } from '../core/report';

/**
 * Thrown by a handler, after alerts went out, when a binding was refused or failed or an alert was
 * lost: the platform then counts an error and retries (invariant 6). Carries the whole report.
 */
export class ReconcileFailedError extends Error {
  override readonly name = 'ReconcileFailedError';
  constructor(readonly report: Report) {
    const troubled = report.bindings.filter(
      (b) => b.outcome === 'refused' || b.outcome === 'failed' || b.alerts.failed.length > 0,
    );
    super(
      `${troubled.length} binding(s) need attention: ` +
        troubled
          .map((b) => {
            const pool = b.pools.find((p) => p.outcome === b.outcome);
            const lost =
              b.alerts.failed.length > 0 ? `; alert not delivered to ${b.alerts.failed.join(', ')}` : '';
            return `${b.binding} ${b.outcome}${pool ? ` (${pool.reason})` : ''}${lost}`;
          })
          .join('; '),
    );
  }
}
