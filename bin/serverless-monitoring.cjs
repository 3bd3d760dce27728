// @ts-check
'use strict';

/**
 * The stack's watch over itself, computed at package time for serverless.yml's `resources`: the alert
 * topic, the on-failure destination of rdsEvent's asynchronous invocations, the alarms and the dashboard.
 * Called as `${file(./bin/serverless-monitoring.cjs):resources}` (see serverless-vars.cjs for how
 * serverless v3 calls these functions).
 *
 * Params:
 *   alertTopicArn  an existing SNS topic for alarms and failed deliveries; without it the stack creates
 *                  `AlertTopic` (output `AlertTopicArn`): subscribe on-call to it.
 *   alarms         `false` leaves out the alarms and the dashboard (the destination stays: it is how a
 *                  failed delivery of an RDS event reaches anyone at all).
 *
 * Every alarm and the destination publish to the one alert topic; every metric of ours is read in the
 * namespace and under the dimensions `shared/log/metric-records.ts` writes.
 */

const { schedule: scheduleOf } = require('./serverless-vars.cjs');

/** As `shared/log/metric-records.ts` writes them: one source of each name would need TypeScript here. */
const NAMESPACE = 'RdsFailoverSync';
/** The trigger of the alarms that fire on any one occurrence: a sum above 0 in one minute. */
const ANY_IN_A_MINUTE = {
  Statistic: 'Sum',
  Period: 60,
  EvaluationPeriods: 1,
  Threshold: 0,
  ComparisonOperator: 'GreaterThanThreshold',
  TreatMissingData: 'notBreaching',
};
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const ALERT_TOPIC_ID = 'AlertTopic';
/** serverless' logical ids of the two functions (`<Name>LambdaFunction`). */
const FUNCTIONS = /** @type {const} */ ({
  rdsEvent: 'RdsEventLambdaFunction',
  reconcile: 'ReconcileLambdaFunction',
});
/** CloudWatch: an alarm evaluates at most one day (Period x EvaluationPeriods <= 86,400 s). */
const MAX_EVALUATED_SECONDS = 86_400;
/** The schedule alarm looks at three periods. */
const MISSED_PERIODS = 3;
const SECONDS = /** @type {const} */ ({
  minute: 60,
  minutes: 60,
  hour: 3600,
  hours: 3600,
  day: 86_400,
  days: 86_400,
});

/**
 * @param {string} message
 */
function configurationError(message) {
  const error = new Error(message);
  error.stack = `Error: ${message}`;
  return error;
}

/**
 * The schedule's period in seconds, which the drift and the schedule alarms count in. A cron schedule
 * has no single period, so the alarms cannot be sized for it: refused, rather than alarms that fire
 * between two legitimate runs or never.
 * @param {string} schedule `rate(5 minutes)`
 */
function schedulePeriodSeconds(schedule) {
  const rate = /^rate\((\d+) (minutes?|hours?|days?)\)$/.exec(schedule);
  const seconds = rate ? Number(rate[1]) * SECONDS[/** @type {keyof typeof SECONDS} */ (rate[2])] : NaN;
  if (!(seconds > 0) || seconds * MISSED_PERIODS > MAX_EVALUATED_SECONDS) {
    throw configurationError(
      `schedule ${schedule}: the alarms need a rate(...) schedule of at most ${MAX_EVALUATED_SECONDS / MISSED_PERIODS / 3600} hours ` +
        `(CloudWatch evaluates at most a day, the schedule alarm ${MISSED_PERIODS} periods); ` +
        'use such a schedule, or --param="alarms=false"',
    );
  }
  return seconds;
}

/**
 * @param {string} service the `Service` dimension, `<service>-<stage>`
 * @param {unknown} topic the alert topic: an ARN, or a Ref to the stack's own
 * @param {number} periodSeconds the schedule's period
 */
function alarms(service, topic, periodSeconds) {
  /** @param {string} id @param {Record<string, unknown>} properties */
  const alarm = (id, properties) => [
    id,
    {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        ActionsEnabled: true,
        AlarmActions: [topic],
        OKActions: [topic],
        ...properties,
      },
    },
  ];
  /** @param {'rdsEvent' | 'reconcile'} name @param {'Errors' | 'Throttles'} metric */
  const lambdaAlarm = (name, metric) =>
    alarm(`${name[0]?.toUpperCase()}${name.slice(1)}${metric}Alarm`, {
      AlarmName: `${service}-${name}-${metric.toLowerCase()}`,
      AlarmDescription:
        metric === 'Errors'
          ? `${name} failed: a binding was refused or failed, an alert was lost, or the function itself broke ` +
            '(timeout, bad bindings file). Its log group has the report and the reason.'
          : `${name} was throttled: the account's concurrency is exhausted, and a failover may go unhandled.`,
      Namespace: 'AWS/Lambda',
      MetricName: metric,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: FUNCTIONS[name] } }],
      ...ANY_IN_A_MINUTE,
    });
  /** @param {'Refusals' | 'Failures'} metric @param {string} why */
  const outcomeAlarm = (metric, why) =>
    alarm(`${metric}Alarm`, {
      AlarmName: `${service}-${metric.toLowerCase()}`,
      AlarmDescription: why,
      Namespace: NAMESPACE,
      MetricName: metric,
      Dimensions: [{ Name: 'Service', Value: service }],
      ...ANY_IN_A_MINUTE,
    });
  return Object.fromEntries([
    lambdaAlarm('rdsEvent', 'Errors'),
    lambdaAlarm('reconcile', 'Errors'),
    lambdaAlarm('rdsEvent', 'Throttles'),
    lambdaAlarm('reconcile', 'Throttles'),
    outcomeAlarm(
      'Refusals',
      'A binding was refused: its endpoint did not resolve, or resolved outside its allowed CIDRs or to too many ' +
        'addresses. Nothing was changed; the alert names the binding and the answer.',
    ),
    outcomeAlarm(
      'Failures',
      'A pool could not be reconciled (API error, health timeout, deadline). The alert names the pool and the step.',
    ),
    // 1. the schedule finds drift and leaves it (report-only, or a change that does not stick);
    // 2. one period later it finds it again. A failover repaired by the next run never fires this.
    alarm('DriftAlarm', {
      AlarmName: `${service}-drift`,
      AlarmDescription:
        'A pool has not matched its database endpoint for two schedule periods and nothing repaired it ' +
        '(report-only binding, or policy). Run `status`, then `apply` if the endpoint is right.',
      Namespace: NAMESPACE,
      MetricName: 'Drift',
      Dimensions: [
        { Name: 'Service', Value: service },
        { Name: 'Function', Value: { Ref: FUNCTIONS.reconcile } },
      ],
      Statistic: 'Maximum',
      Period: periodSeconds,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    }),
    // No data is the symptom: a disabled rule or a deleted permission leaves no Invocations at all.
    alarm('ScheduleNotRunningAlarm', {
      AlarmName: `${service}-schedule-not-running`,
      AlarmDescription: `reconcile did not run for ${MISSED_PERIODS} schedule periods: drift goes unrepaired. Check its EventBridge rule.`,
      Namespace: 'AWS/Lambda',
      MetricName: 'Invocations',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: FUNCTIONS.reconcile } }],
      Statistic: 'Sum',
      Period: periodSeconds,
      EvaluationPeriods: MISSED_PERIODS,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    }),
  ]);
}

/**
 * One dashboard: our figures per binding (a SEARCH finds every binding, present and future), the time
 * to consistency and the DNS lag, and both functions' own health.
 * @param {string} service
 */
function dashboard(service) {
  /** @param {string} metric @param {string} stat */
  const perBinding = (metric, stat) => ({
    expression: `SEARCH('{${NAMESPACE},Binding,Service} Service="${service}" MetricName="${metric}"', '${stat}', 300)`,
    id: `${metric.toLowerCase()}`,
    label: metric,
  });
  /** @param {number} x @param {number} y @param {string} title @param {unknown[]} metrics @param {string} [stat] */
  const widget = (x, y, title, metrics, stat = 'Sum') => ({
    type: 'metric',
    x,
    y,
    width: 12,
    height: 6,
    properties: { title, region: '${AWS::Region}', view: 'timeSeries', stat, period: 300, metrics },
  });
  /** @param {string} metric */
  const lambda = (metric) => [
    ['AWS/Lambda', metric, 'FunctionName', '${RdsEventLambdaFunction}', { label: `rdsEvent ${metric}` }],
    ['AWS/Lambda', metric, 'FunctionName', '${ReconcileLambdaFunction}', { label: `reconcile ${metric}` }],
  ];
  const body = {
    widgets: [
      widget(0, 0, 'Swaps per binding', [[perBinding('Swaps', 'Sum')]]),
      widget(12, 0, 'Drift per binding', [[perBinding('Drift', 'Maximum')]], 'Maximum'),
      widget(0, 6, 'Refusals and failures per binding', [
        [perBinding('Refusals', 'Sum')],
        [perBinding('Failures', 'Sum')],
      ]),
      widget(12, 6, 'Busy (another run held the pool) per binding', [[perBinding('Busy', 'Sum')]]),
      widget(
        0,
        12,
        'Time to consistency and DNS lag, ms (max)',
        [[perBinding('TimeToConsistentMs', 'Maximum')], [perBinding('DnsLagMs', 'Maximum')]],
        'Maximum',
      ),
      widget(12, 12, 'Functions: invocations, errors, throttles', [
        ...lambda('Invocations'),
        ...lambda('Errors'),
        ...lambda('Throttles'),
      ]),
      widget(0, 18, 'Functions: duration, ms (max)', lambda('Duration'), 'Maximum'),
    ],
  };
  return {
    Dashboard: {
      Type: 'AWS::CloudWatch::Dashboard',
      Properties: { DashboardName: service, DashboardBody: { 'Fn::Sub': JSON.stringify(body) } },
    },
  };
}

/**
 * rdsEvent is invoked asynchronously (SNS, EventBridge): after Lambda's retries, a failed event goes to
 * the alert topic instead of vanishing, so a timeout or a bad bindings file reaches someone even when
 * the function could not alert for itself. The role gets Publish on that topic only, in a policy of its
 * own that the destination waits for: Lambda checks the permission when the destination is set.
 * @param {unknown} topic
 */
function onFailureDestination(topic) {
  return {
    AlertDestinationPolicy: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyName: 'rds-event-on-failure-destination',
        Roles: [{ Ref: 'IamRoleLambdaExecution' }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['sns:Publish'], Resource: [topic] }],
        },
      },
    },
    RdsEventOnFailure: {
      Type: 'AWS::Lambda::EventInvokeConfig',
      DependsOn: ['AlertDestinationPolicy'],
      Properties: {
        FunctionName: { Ref: FUNCTIONS.rdsEvent },
        Qualifier: '$LATEST',
        // Lambda's default, written out: two retries, then the destination.
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: topic } },
      },
    },
  };
}

/**
 * @param {(variable: string) => Promise<unknown>} resolveVariable
 * @param {string} name
 */
async function param(resolveVariable, name) {
  const value = await resolveVariable(`param:${name}, ''`);
  return typeof value === 'string' ? value.trim() : String(value ?? '');
}

let warnedTopic = false;

/**
 * Everything above, as serverless.yml's `resources` entry.
 * @param {{ alarms: boolean, topicArn: string, service: string, schedule: string }} choices
 */
function monitoringResources({ alarms: withAlarms, topicArn, service, schedule }) {
  if (topicArn && !SNS_TOPIC_ARN.test(topicArn)) {
    throw configurationError(`alertTopicArn: not an SNS topic ARN: ${topicArn}`);
  }
  const topic = topicArn || { Ref: ALERT_TOPIC_ID };
  const period = withAlarms ? schedulePeriodSeconds(schedule) : 0;
  return {
    Resources: {
      ...(topicArn
        ? {}
        : {
            [ALERT_TOPIC_ID]: {
              Type: 'AWS::SNS::Topic',
              Properties: { DisplayName: `rds-failover-sync alarms (${service})` },
            },
          }),
      ...onFailureDestination(topic),
      ...(withAlarms ? { ...alarms(service, topic, period), ...dashboard(service) } : {}),
    },
    Outputs: {
      AlertTopicArn: { Description: 'Where the alarms and failed RDS event deliveries go', Value: topic },
    },
  };
}

module.exports = {
  /** @param {{ resolveVariable: (variable: string) => Promise<unknown> }} api */
  resources: async ({ resolveVariable }) => {
    const alarmsParam = (await param(resolveVariable, 'alarms')).toLowerCase();
    if (!['', 'true', 'false'].includes(alarmsParam)) {
      throw configurationError(`alarms: true or false, not ${alarmsParam}`);
    }
    const topicArn = await param(resolveVariable, 'alertTopicArn');
    if (!topicArn && !warnedTopic) {
      warnedTopic = true;
      console.warn(
        'serverless-monitoring: no --param alertTopicArn: alarms and failed rdsEvent deliveries go to the ' +
          "stack's own AlertTopic (output AlertTopicArn). Subscribe on-call to it.",
      );
    }
    return monitoringResources({
      alarms: alarmsParam !== 'false',
      topicArn,
      service: `${await resolveVariable('self:service')}-${await resolveVariable('sls:stage')}`,
      schedule: String(await scheduleOf({ resolveVariable })),
    });
  },

  /** Pure helpers, for unit tests; serverless.yml does not reference them. */
  helpers: { monitoringResources, schedulePeriodSeconds },
};
