import { parseDeployArgs } from '../../bin/alicloud-deploy/args';
import { UsageError } from '../../bin/alicloud-deploy/errors';
import { alarmPlan, putRuleParams, schedulePeriodSeconds } from '../../bin/alicloud-deploy/alarms';
import type { AlarmInputs, MetricMeta } from '../../bin/alicloud-deploy/alarms';

const FC_META: MetricMeta = {
  dimensions: ['userId', 'region', 'serviceName', 'functionName'],
  statistics: ['Value'],
};

const inputs = (overrides: Partial<AlarmInputs> = {}): AlarmInputs => ({
  accountId: '1234567890123456',
  region: 'cn-hangzhou',
  contactGroup: 'dba-oncall',
  schedule: '@every 1m',
  metrics: {
    FunctionTotalInvocations: FC_META,
    FunctionFunctionErrors: FC_META,
    FunctionConcurrencyThrottles: FC_META,
    FunctionResourceThrottles: FC_META,
  },
  ...overrides,
});

const reconcile = [
  { userId: '1234567890123456', region: 'cn-hangzhou', functionName: 'rds-failover-sync-reconcile' },
];
const rdsEvent = [
  { userId: '1234567890123456', region: 'cn-hangzhou', functionName: 'rds-failover-sync-rds-event' },
];
const aboveZero = {
  contactGroup: 'dba-oncall',
  statistics: 'Value',
  comparisonOperator: 'GreaterThanThreshold',
  threshold: 0,
  times: 1,
  periodSeconds: 60,
};

describe('alarmPlan', () => {
  it('writes errors and both throttles for each function, and the schedule not running on reconcile', () => {
    // Act
    const plan = alarmPlan(inputs());

    // Assess
    expect(plan.skipped).toEqual([]);
    expect(plan.rules).toEqual([
      {
        ruleId: 'rds-failover-sync-cn-hangzhou-reconcile-errors',
        ruleName: 'rds-failover-sync-reconcile: function errors > 0',
        metricName: 'FunctionFunctionErrors',
        resources: reconcile,
        ...aboveZero,
      },
      {
        ruleId: 'rds-failover-sync-cn-hangzhou-reconcile-concurrency-throttles',
        ruleName: 'rds-failover-sync-reconcile: concurrency throttles > 0',
        metricName: 'FunctionConcurrencyThrottles',
        resources: reconcile,
        ...aboveZero,
      },
      {
        ruleId: 'rds-failover-sync-cn-hangzhou-reconcile-resource-throttles',
        ruleName: 'rds-failover-sync-reconcile: resource throttles > 0',
        metricName: 'FunctionResourceThrottles',
        resources: reconcile,
        ...aboveZero,
      },
      {
        ruleId: 'rds-failover-sync-cn-hangzhou-rds-event-errors',
        ruleName: 'rds-failover-sync-rds-event: function errors > 0',
        metricName: 'FunctionFunctionErrors',
        resources: rdsEvent,
        ...aboveZero,
      },
      {
        ruleId: 'rds-failover-sync-cn-hangzhou-rds-event-concurrency-throttles',
        ruleName: 'rds-failover-sync-rds-event: concurrency throttles > 0',
        metricName: 'FunctionConcurrencyThrottles',
        resources: rdsEvent,
        ...aboveZero,
      },
      {
        ruleId: 'rds-failover-sync-cn-hangzhou-rds-event-resource-throttles',
        ruleName: 'rds-failover-sync-rds-event: resource throttles > 0',
        metricName: 'FunctionResourceThrottles',
        resources: rdsEvent,
        ...aboveZero,
      },
      {
        ruleId: 'rds-failover-sync-cn-hangzhou-reconcile-not-running',
        ruleName: 'rds-failover-sync-reconcile: invocations < 1 in 3 schedule periods',
        metricName: 'FunctionTotalInvocations',
        resources: reconcile,
        contactGroup: 'dba-oncall',
        statistics: 'Value',
        comparisonOperator: 'LessThanThreshold',
        threshold: 1,
        times: 3,
        periodSeconds: 60,
        noDataPolicy: 'INSUFFICIENT_DATA',
      },
    ]);
  });

  it('takes the period of an @every schedule for "not running", three of them', () => {
    // Act
    const plan = alarmPlan(inputs({ schedule: '@every 1h30m' }));

    // Assess
    expect(plan.rules.find((rule) => rule.ruleId.endsWith('not-running'))).toMatchObject({
      periodSeconds: 5400,
      times: 3,
    });
  });

  it('leaves out "not running" for a cron schedule, and says why', () => {
    // Act
    const plan = alarmPlan(inputs({ schedule: '0 0/5 * * * *' }));

    // Assess
    expect(plan.rules).toHaveLength(6);
    expect(plan.skipped).toEqual([
      {
        ruleId: 'rds-failover-sync-cn-hangzhou-reconcile-not-running',
        why: "the schedule '0 0/5 * * * *' is a cron expression: its period is not one number of seconds",
      },
    ]);
  });

  it('uses what the account says: a count statistic it publishes, the dimensions it has', () => {
    // Prepare
    const meta: MetricMeta = {
      dimensions: ['region', 'functionName', 'qualifier'],
      statistics: ['Average', 'Sum'],
    };

    // Act
    const plan = alarmPlan(
      inputs({
        metrics: {
          FunctionTotalInvocations: meta,
          FunctionFunctionErrors: meta,
          FunctionConcurrencyThrottles: meta,
          FunctionResourceThrottles: meta,
        },
      }),
    );

    // Assess
    expect(plan.rules[0]).toMatchObject({
      statistics: 'Sum',
      resources: [{ region: 'cn-hangzhou', functionName: 'rds-failover-sync-reconcile' }],
    });
  });

  it('leaves out a rule whose metric is unlisted, has no functionName or no count statistic', () => {
    // Act
    const plan = alarmPlan(
      inputs({
        metrics: {
          FunctionTotalInvocations: undefined,
          FunctionFunctionErrors: { dimensions: ['userId', 'region'], statistics: ['Value'] },
          FunctionConcurrencyThrottles: { dimensions: ['functionName'], statistics: ['Availability'] },
          FunctionResourceThrottles: FC_META,
        },
      }),
    );

    // Assess
    expect(plan.rules.map((rule) => rule.ruleId)).toEqual([
      'rds-failover-sync-cn-hangzhou-reconcile-resource-throttles',
      'rds-failover-sync-cn-hangzhou-rds-event-resource-throttles',
    ]);
    expect(plan.skipped).toEqual([
      {
        ruleId: 'rds-failover-sync-cn-hangzhou-reconcile-errors',
        why: 'FunctionFunctionErrors has no functionName dimension (userId,region)',
      },
      {
        ruleId: 'rds-failover-sync-cn-hangzhou-reconcile-concurrency-throttles',
        why: 'FunctionConcurrencyThrottles publishes no count statistic (Availability)',
      },
      {
        ruleId: 'rds-failover-sync-cn-hangzhou-rds-event-errors',
        why: 'FunctionFunctionErrors has no functionName dimension (userId,region)',
      },
      {
        ruleId: 'rds-failover-sync-cn-hangzhou-rds-event-concurrency-throttles',
        why: 'FunctionConcurrencyThrottles publishes no count statistic (Availability)',
      },
      {
        ruleId: 'rds-failover-sync-cn-hangzhou-reconcile-not-running',
        why: 'DescribeMetricMetaList lists no acs_fc FunctionTotalInvocations',
      },
    ]);
  });
});

describe('putRuleParams', () => {
  it('sends the rule as PutResourceMetricRule form parameters, Critical level', () => {
    // Prepare
    const notRunning = alarmPlan(inputs()).rules[6];
    if (notRunning === undefined) throw new Error('expected seven rules');

    // Act
    const params = putRuleParams(notRunning);

    // Assess
    expect(params).toEqual({
      RuleId: 'rds-failover-sync-cn-hangzhou-reconcile-not-running',
      RuleName: 'rds-failover-sync-reconcile: invocations < 1 in 3 schedule periods',
      Namespace: 'acs_fc',
      MetricName: 'FunctionTotalInvocations',
      Resources:
        '[{"userId":"1234567890123456","region":"cn-hangzhou","functionName":"rds-failover-sync-reconcile"}]',
      ContactGroups: 'dba-oncall',
      Period: '60',
      Interval: '60',
      'Escalations.Critical.Statistics': 'Value',
      'Escalations.Critical.ComparisonOperator': 'LessThanThreshold',
      'Escalations.Critical.Threshold': '1',
      'Escalations.Critical.Times': 3,
      NoDataPolicy: 'INSUFFICIENT_DATA',
    });
  });
});

describe('schedulePeriodSeconds', () => {
  it.each([
    ['@every 1m', 60],
    ['@every 5m', 300],
    ['@every 2h', 7200],
    ['@every 1h30m', 5400],
    ['0 0/5 * * * *', undefined],
  ])('%s -> %s', (schedule, seconds) => {
    expect(schedulePeriodSeconds(schedule)).toBe(seconds);
  });
});

describe('--alarm-contact-group', () => {
  it('names the contact group, and is absent by default', () => {
    expect(parseDeployArgs(['--alarm-contact-group', 'dba-oncall']).alarmContactGroup).toBe('dba-oncall');
    expect(parseDeployArgs([]).alarmContactGroup).toBeUndefined();
  });

  it('refuses an empty name', () => {
    expect(() => parseDeployArgs(['--alarm-contact-group', ' '])).toThrow(
      new UsageError('--alarm-contact-group: name an alert contact group'),
    );
  });
});
