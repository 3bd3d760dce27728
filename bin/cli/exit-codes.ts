import type { Report } from '../../shared/core/report';
import { Outcome } from '../../shared/core/types';

/** What the CLI's exit status means; `--help` and the README print this table. */
export const ExitCode = {
  /** Every selected pool holds what it must (after `apply`: including pools it just swapped). */
  InSync: 0,
  /** Drift (a pool apply would change, or a report-only pool that differs), a refusal, a busy pool, or a declined `apply`. */
  Attention: 1,
  /** The command line, the bindings file or the credentials are wrong; nothing was called. */
  Usage: 2,
  /**
   * A cloud API call failed, a change did not complete (health deadline, or a new backend failed its
   * probe), or an alert was not delivered.
   */
  Failure: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODES_HELP = `exit status:
  0  in sync: every selected pool holds what it must (after apply, swapped pools count)
  1  drift, refused or busy: a pool differs from its endpoint (plan: apply would change it),
     a change was refused by a guard, another run holds the pool, or apply was declined
  2  usage, bindings file or credentials error: nothing was called
  3  failure: a cloud API call failed, new backends did not become healthy in time or failed
     their probe (plan: apply would stop there), or an alert could not be delivered
`;

/** The exit status of a plan, status or apply report: the most severe binding decides. */
export function exitCodeOf(report: Report): ExitCode {
  const failed = report.bindings.some((b) => b.outcome === Outcome.Failed || b.alerts.failed.length > 0);
  if (failed) return ExitCode.Failure;
  const attention = report.bindings.some(
    (b) => b.outcome === Outcome.Drift || b.outcome === Outcome.Refused || b.outcome === Outcome.Busy,
  );
  return attention ? ExitCode.Attention : ExitCode.InSync;
}
