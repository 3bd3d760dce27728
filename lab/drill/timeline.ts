import type { LogRecord } from '../../shared/log/logger';

/** One line of the drill's timeline. */
export interface TimelineEntry {
  readonly atMs: number;
  readonly step: string;
  readonly detail: string;
}

/**
 * Turns the loop's own structured log into the steps a person follows during a failover. The drill
 * adds nothing of its own here: if a step is missing from the log, it is missing from the timeline.
 */
export function timelineEntry(record: LogRecord, startMs: number): TimelineEntry | undefined {
  const atMs = Date.parse(record.time) - startMs;
  const targets = (record.targets as string[] | undefined)?.join(', ') ?? '';
  switch (record.message) {
    case 'trigger received':
      return { atMs, step: 'event received', detail: String(record.trigger) };
    case 'endpoint resolved': {
      const resolution = record.resolution as { ok: boolean; addresses?: string[]; failure?: string };
      const settle = record.settle as { polls: number; changed: boolean } | undefined;
      const answer = resolution.ok ? resolution.addresses?.join(', ') : `failed (${resolution.failure})`;
      const step = settle?.changed ? 'DNS change seen' : 'DNS resolved';
      return {
        atMs,
        step,
        detail: `${record.binding}: ${answer}${settle ? ` after ${settle.polls} poll(s)` : ''}`,
      };
    }
    case 'pool register':
      return {
        atMs,
        step: 'target registered',
        detail: `${targets} on ${record.pool} (took ${seconds(record.durationMs)})`,
      };
    case 'pool replace':
      return { atMs, step: 'relay swapped', detail: `${targets} in, ${record.result} on ${record.pool}` };
    case 'pool wait-healthy':
      return {
        atMs,
        step: `target ${record.result}`,
        detail: `${targets} (waited ${seconds(record.durationMs)})`,
      };
    case 'pool deregister':
      return {
        atMs,
        step: 'old target removed',
        detail: `${targets} (${record.result}, took ${seconds(record.durationMs)})`,
      };
    case 'pool reconciled':
      return { atMs, step: `pool ${record.outcome}`, detail: `${record.pool}: ${record.reason}` };
    case 'alert':
      return {
        atMs,
        step: record.ok ? 'alert published' : 'alert FAILED',
        detail: `${record.target}${record.error ? `: ${record.error}` : ''}`,
      };
    default:
      return undefined;
  }
}

/** A timeline filled from the loop's log as it runs: pass `observe` to the drill's logger. */
export function timelineRecorder(startMs = Date.now()): {
  entries: TimelineEntry[];
  observe: (record: LogRecord) => void;
} {
  const entries: TimelineEntry[] = [];
  return {
    entries,
    observe: (record) => {
      const entry = timelineEntry(record, startMs);
      if (entry) entries.push(entry);
    },
  };
}

export function formatTimeline(entries: readonly TimelineEntry[]): string {
  return entries
    .map((e) => `  +${(e.atMs / 1000).toFixed(3).padStart(7)} s  ${e.step.padEnd(20)} ${e.detail}`)
    .join('\n');
}

function seconds(ms: unknown): string {
  return `${((Number(ms) || 0) / 1000).toFixed(1)} s`;
}
