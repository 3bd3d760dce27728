import type { LoopEvent } from '../../shared/reconcile/loop-events';

/** One line of the drill's timeline. */
export interface TimelineEntry {
  readonly atMs: number;
  readonly step: string;
  readonly detail: string;
}

/**
 * Turns the loop's own events into the steps a person follows during a failover. The drill adds
 * nothing of its own here: if a step is missing from the events, it is missing from the timeline.
 */
export function timelineEntry(event: LoopEvent, startMs: number): TimelineEntry | undefined {
  const atMs = event.atMs - startMs;
  switch (event.type) {
    case 'trigger-received':
      return { atMs, step: 'event received', detail: event.trigger };
    case 'endpoint-resolved': {
      const { resolution, settle } = event;
      const answer = resolution.ok ? resolution.addresses.join(', ') : `failed (${resolution.failure})`;
      const { verdict } = resolution;
      const fromApi = verdict?.winner === 'api';
      const step = settle?.changed ? (fromApi ? 'RDS API names writer' : 'DNS change seen') : 'DNS resolved';
      // With an API asked beside DNS, say who said what: the swap may start before DNS moves.
      const said = verdict ? ` (${verdict.why}: DNS ${verdict.dns}, RDS API ${verdict.api})` : '';
      return {
        atMs,
        step,
        detail: `${event.binding}: ${answer}${settle ? ` after ${settle.polls} poll(s)` : ''}${said}`,
      };
    }
    case 'pool-action': {
      const { action, targets, result, durationMs } = event.action;
      const listed = targets.join(', ');
      switch (action) {
        case 'probe':
          return { atMs, step: 'target probed', detail: `${result} (took ${seconds(durationMs)})` };
        case 'register':
          return {
            atMs,
            step: 'target registered',
            detail: `${listed} on ${event.pool} (took ${seconds(durationMs)})`,
          };
        case 'replace':
          // A record is swapped whole (one UPSERT, then INSYNC); a relay group one relay for another.
          return event.pool.startsWith('aws-route53-record')
            ? {
                atMs,
                step: 'record swapped',
                detail: `${event.pool} now ${listed}: one UPSERT, INSYNC after ${seconds(durationMs)}`,
              }
            : { atMs, step: 'relay swapped', detail: `${listed} in, ${result} on ${event.pool}` };
        case 'wait-healthy':
          return { atMs, step: `target ${result}`, detail: `${listed} (waited ${seconds(durationMs)})` };
        case 'deregister':
          return {
            atMs,
            step: 'old target removed',
            detail: `${listed} (${result}, took ${seconds(durationMs)})`,
          };
      }
      return undefined;
    }
    case 'pool-reconciled':
      return {
        atMs,
        step: `pool ${event.report.outcome}`,
        detail: `${event.report.pool}: ${event.report.reason}`,
      };
    case 'alert-delivered':
      return {
        atMs,
        step: event.ok ? 'alert published' : 'alert FAILED',
        detail: `${event.target}${event.error ? `: ${event.error}` : ''}`,
      };
    default:
      return undefined;
  }
}

/** A timeline filled from the loop's events as it runs: pass `observe` to the drill's runtime. */
export function timelineRecorder(startMs = Date.now()): {
  entries: TimelineEntry[];
  observe: (event: LoopEvent) => void;
} {
  const entries: TimelineEntry[] = [];
  return {
    entries,
    observe: (event) => {
      const entry = timelineEntry(event, startMs);
      if (entry) entries.push(entry);
    },
  };
}

export function formatTimeline(entries: readonly TimelineEntry[]): string {
  return entries
    .map((e) => `  +${(e.atMs / 1000).toFixed(3).padStart(7)} s  ${e.step.padEnd(20)} ${e.detail}`)
    .join('\n');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
