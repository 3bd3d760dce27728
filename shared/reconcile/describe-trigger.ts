import type { Trigger } from '../events/types';

/** A trigger in one line, for reports, logs and alerts. */
export function describeTrigger(trigger: Trigger): string {
  switch (trigger.kind) {
    case 'rds-event':
      return `RDS event via ${trigger.via}: ${trigger.events
        .map(
          (e) =>
            `${e.eventId ?? 'no event id'} on ${e.sourceType} ${e.sourceId}${e.message ? ` (${e.message})` : ''}`,
        )
        .join('; ')}`;
    case 'schedule':
      return `schedule${trigger.time ? ` at ${trigger.time}` : ''}`;
    case 'manual':
      return `manual${trigger.dryRun ? ' dry run' : ''} of ${trigger.bindings?.join(', ') ?? 'every binding'}`;
    case 'ignored':
      return `ignored: ${trigger.reason}`;
  }
}
