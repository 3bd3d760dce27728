import { alicloudRdsEventPattern } from '../../shared/events/alicloud-products';

/** A trigger as Function Compute 2.0's CreateTrigger takes it. */
export interface TriggerSpec {
  readonly triggerName: string;
  readonly triggerType: 'timer' | 'eventbridge';
  readonly description: string;
  readonly triggerConfig: Readonly<Record<string, unknown>>;
}

/** The reconcile backstop, as the AWS stack's `rate(1 minute)`. */
export const DEFAULT_SCHEDULE = '@every 1m';

/**
 * What the rds-event trigger lets through: every CloudMonitor event of the database products the parser
 * takes, by `type` prefix (`mysql:CloudMonitor:`, `polardb:CloudMonitor:`, ...; see
 * shared/events/alicloud-products.ts for the sources). The same list feeds the parser, so the rule never
 * lets through what the handler refuses, nor keeps out what it takes. An event that is not a failover
 * costs one reconcile of its instance's bindings.
 */
export const RDS_EVENT_PATTERN = alicloudRdsEventPattern();

const EVERY = /^@every (?=\d)(\d+h)?(\d+m)?$/;
const CRON_FIELD = /^[0-9*?/,LW#A-Za-z-]+$/;

/**
 * Why a schedule is not one Function Compute's timer takes, or undefined: `@every 1m` (minutes or
 * hours, at least a minute) or a cron expression with seconds: `0 0/5 * * * *` (UTC).
 */
export function scheduleProblem(schedule: string): string | undefined {
  const every = EVERY.exec(schedule);
  if (every) {
    const minutes = Number(every[1]?.slice(0, -1) ?? 0) * 60 + Number(every[2]?.slice(0, -1) ?? 0);
    return minutes >= 1 ? undefined : `'${schedule}': @every needs at least 1m`;
  }
  const fields = schedule.trim().split(/\s+/);
  if (fields.length === 6 && fields.every((field) => CRON_FIELD.test(field))) return undefined;
  return `'${schedule}': expected @every <n>m / <n>h, or a 6-field cron expression (seconds first, UTC)`;
}

/** The timer trigger on reconcile. Its payload is left empty: the function recognises the tick itself. */
export function timerTrigger(schedule: string): TriggerSpec {
  return {
    triggerName: 'schedule',
    triggerType: 'timer',
    description: 'rds-failover-sync: reconcile every binding (the backstop)',
    triggerConfig: { cronExpression: schedule, enable: true, payload: '' },
  };
}

/**
 * The EventBridge trigger on rds-event: RDS events on the default bus. Invoked asynchronously: a
 * settle window and a health wait take minutes, longer than EventBridge should hold a synchronous
 * call, and Function Compute's async queue retries a run that failed (as Lambda does for EventBridge).
 */
export function eventBridgeTrigger(): TriggerSpec {
  return {
    triggerName: 'rds-events',
    triggerType: 'eventbridge',
    description: 'rds-failover-sync: RDS events (HA switch, failure, maintenance)',
    triggerConfig: {
      triggerEnable: true,
      asyncInvocationType: true,
      eventRuleFilterPattern: JSON.stringify(RDS_EVENT_PATTERN),
      eventSourceConfig: { eventSourceType: 'Default' },
    },
  };
}
