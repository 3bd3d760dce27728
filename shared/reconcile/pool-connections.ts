import { ClientConnections } from '../core/config-types';
import type { OnSwapPolicy } from '../core/config-types';
import { describeDrain, drainVerdict } from '../core/drain';
import type { DrainSettings, DrainVerdict } from '../core/drain';
import { worstOutcome } from '../core/report';
import type { ConnectionsReport, PoolReport } from '../core/report';
import { Outcome } from '../core/types';
import type { CallContext } from '../backends/pool';
import type { DrainControl } from '../backends/drain-control';
import { poolFailureOf } from './pool-failure';

/** The pool's drain settings as read once per invocation, or why they could not be. */
export type SeenDrain =
  | { readonly kind: 'none' }
  | { readonly kind: 'seen'; readonly settings: DrainSettings }
  | { readonly kind: 'unreadable'; readonly reason: string };

/** Reads the settings; never throws for an API failure, which only `close` makes fatal. */
export async function readDrain(drain: DrainControl | undefined, call: CallContext): Promise<SeenDrain> {
  if (drain === undefined) return { kind: 'none' };
  try {
    return { kind: 'seen', settings: await drain.read(call) };
  } catch (error) {
    return { kind: 'unreadable', reason: poolFailureOf(error).reason };
  }
}

/** Whether the policy wants the settings changed: the pool's lease must then be taken. */
export function drainNeedsChange(policy: OnSwapPolicy | undefined, seen: SeenDrain): boolean {
  return seen.kind === 'seen' && drainVerdict(policy, seen.settings).kind === 'set';
}

/**
 * Carries out the policy on the settings read earlier: `simulate` (dry run, report-only) only says what
 * it would set. Called under the pool's lease and before its members move, so that the old member's
 * deregistration already closes its connections:
 *
 * 1. the run sets termination on and the delay short; 2. it registers the new writer and deregisters the
 * old one; 3. the old writer's connections end when the short delay does. The other order would leave
 * them open for the old, long delay.
 */
export async function settleDrain(
  drain: DrainControl | undefined,
  policy: OnSwapPolicy | undefined,
  seen: SeenDrain,
  { simulate, call }: { simulate: boolean; call: CallContext },
): Promise<ConnectionsReport> {
  const clientConnections = policy?.clientConnections ?? ClientConnections.Leave;
  if (seen.kind === 'none') {
    return {
      policy: clientConnections,
      result: 'not-applicable',
      // A CLB relay group: its clients reach the database through relays that follow its domain, so the
      // load balancer never sees the database move and its drain setting cannot act on a failover.
      detail: 'this pool kind has no connection drain setting that follows the database',
    };
  }
  if (seen.kind === 'unreadable') {
    return clientConnections === ClientConnections.Close
      ? { policy: clientConnections, result: 'failed', detail: seen.reason }
      : { policy: clientConnections, result: 'left', detail: `settings unread: ${seen.reason}` };
  }
  const verdict: DrainVerdict = drainVerdict(policy, seen.settings);
  const common = { policy: clientConnections, seen: seen.settings };
  switch (verdict.kind) {
    case 'leave':
      return { ...common, result: 'left' };
    case 'in-sync':
      return { ...common, wanted: verdict.wanted, result: 'in-sync' };
    case 'set': {
      const detail = verdict.differences.join('; ');
      if (simulate || drain === undefined)
        return { ...common, wanted: verdict.wanted, result: 'would-set', detail };
      try {
        await drain.write(verdict.wanted, call);
        return { ...common, wanted: verdict.wanted, result: 'set', detail };
      } catch (error) {
        return { ...common, wanted: verdict.wanted, result: 'failed', detail: poolFailureOf(error).reason };
      }
    }
  }
}

/**
 * The pool's report with its connections: a change made is a change (one alert, with the binding's), a
 * change a simulation would make is drift, a failure fails the pool. The members' outcome stands when
 * it is worse.
 */
export function withConnections(report: PoolReport, connections: ConnectionsReport): PoolReport {
  const wanted = connections.wanted ? describeDrain(connections.wanted) : '';
  const effect: { outcome: Outcome; reason: string } | undefined =
    connections.result === 'set'
      ? { outcome: Outcome.Swapped, reason: `connection settings set to ${wanted} (${connections.detail})` }
      : connections.result === 'would-set'
        ? {
            outcome: Outcome.Drift,
            reason: `connection settings would be set to ${wanted} (${connections.detail})`,
          }
        : connections.result === 'failed'
          ? { outcome: Outcome.Failed, reason: `connection settings: ${connections.detail}` }
          : undefined;
  if (effect === undefined) return { ...report, connections };
  const outcome = worstOutcome([report.outcome, effect.outcome]);
  const reason = report.outcome === Outcome.InSync ? effect.reason : `${report.reason}; ${effect.reason}`;
  return { ...report, outcome, reason, connections };
}
