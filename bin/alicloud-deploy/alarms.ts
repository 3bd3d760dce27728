import type { RpcParams } from '../../shared/alicloud/rpc';
import { fc3FunctionName } from './apply-fc3';
import { FunctionName, SERVICE_NAME } from './names';

/**
 * The CloudMonitor equivalents of the AWS stack's function alarms, as threshold rules on Function
 * Compute 3.0's own metrics (namespace `acs_fc`).
 *
 * The metric names are the function-level ones of FC 3.0's "Monitoring data" page
 * (https://help.aliyun.com/zh/functioncompute/fc/user-guide/monitoring-data, updated 2025-04-23):
 * `FunctionTotalInvocations`, `FunctionFunctionErrors`, and two throttle metrics where Lambda has one,
 * `FunctionConcurrencyThrottles` (concurrent instances over the limit) and `FunctionResourceThrottles`
 * (total instances over the limit). What that page does not give for an alert rule, the dimensions a
 * rule's `Resources` names and the statistic it may use (checked since 2024-08-15, PutResourceMetricRule:
 * https://www.alibabacloud.com/help/en/cms/cloudmonitor-1-0/developer-reference/api-cms-2019-01-01-putresourcemetricrule),
 * is read from the account itself with DescribeMetricMetaList before any rule is put: `MetricMeta`.
 */
export const FcMetric = {
  Invocations: 'FunctionTotalInvocations',
  Errors: 'FunctionFunctionErrors',
  ConcurrencyThrottles: 'FunctionConcurrencyThrottles',
  ResourceThrottles: 'FunctionResourceThrottles',
} as const;
export type FcMetric = (typeof FcMetric)[keyof typeof FcMetric];

export const FC_NAMESPACE = 'acs_fc';
/** FC aggregates every metric over 60 s (the "Period" section of the page above). */
export const FC_METRIC_PERIOD_SECONDS = 60;
/** How many schedule periods without an invocation make "the schedule is not running", as on AWS. */
export const MISSED_SCHEDULE_PERIODS = 3;

/** What DescribeMetricMetaList says of one metric in this account. */
export interface MetricMeta {
  /** The dimension keys, e.g. `['userId', 'region', 'functionName']`. */
  readonly dimensions: readonly string[];
  /** The statistics the metric publishes, e.g. `['Sum', 'Average']`. */
  readonly statistics: readonly string[];
}

/** One threshold rule, as PutResourceMetricRule takes it (Critical level only). */
export interface MetricRule {
  /** PutResourceMetricRule is an upsert by `RuleId`: a fixed id makes every deploy update the same rule. */
  readonly ruleId: string;
  readonly ruleName: string;
  readonly metricName: FcMetric;
  /** One resource, the function, by the dimensions the metric has. */
  readonly resources: readonly Readonly<Record<string, string>>[];
  readonly contactGroup: string;
  readonly periodSeconds: number;
  readonly statistics: string;
  readonly comparisonOperator: 'GreaterThanThreshold' | 'LessThanThreshold';
  readonly threshold: number;
  readonly times: number;
  /** `INSUFFICIENT_DATA` alerts on no data at all: a function nobody invokes may publish none. */
  readonly noDataPolicy?: 'INSUFFICIENT_DATA';
}

/** A rule the deploy could not write, and why, for the one line it prints. */
export interface SkippedRule {
  readonly ruleId: string;
  readonly why: string;
}

export interface AlarmPlan {
  readonly rules: readonly MetricRule[];
  readonly skipped: readonly SkippedRule[];
}

export interface AlarmInputs {
  readonly accountId: string;
  readonly region: string;
  /** An existing CloudMonitor alert contact group (`--alarm-contact-group`). */
  readonly contactGroup: string;
  /** The reconcile timer's schedule, `@every 1m` or a 6-field cron. */
  readonly schedule: string;
  /** DescribeMetricMetaList's answer per metric; undefined when the account does not list it. */
  readonly metrics: Readonly<Record<FcMetric, MetricMeta | undefined>>;
}

// Counts: any statistic that is above 0 when one error happened in the period will do; the order
// prefers the one that reads as a count. `Value` is what the older CloudMonitor metric list gives acs_fc.
const COUNT_STATISTICS = ['Sum', 'Value', 'Maximum', 'Average'] as const;

const EVERY = /^@every (?=\d)(?:(\d+)h)?(?:(\d+)m)?$/;

/** The schedule's period in seconds for `@every` schedules; undefined for cron, whose gaps vary. */
export function schedulePeriodSeconds(schedule: string): number | undefined {
  const every = EVERY.exec(schedule);
  if (!every) return undefined;
  return (Number(every[1] ?? 0) * 60 + Number(every[2] ?? 0)) * 60;
}

/**
 * The rules for both functions: errors > 0 and each throttle metric > 0 over one minute, and fewer than
 * one reconcile invocation in each of three schedule periods. A rule whose metric the account does not
 * list, whose function dimension is missing, or whose statistics hold no count is left out with a reason.
 */
export function alarmPlan(inputs: AlarmInputs): AlarmPlan {
  const rules: MetricRule[] = [];
  const skipped: SkippedRule[] = [];
  const add = (
    fn: FunctionName,
    suffix: string,
    metricName: FcMetric,
    condition: Pick<
      MetricRule,
      'comparisonOperator' | 'threshold' | 'times' | 'periodSeconds' | 'noDataPolicy'
    >,
    what: string,
  ) => {
    const ruleId = `${SERVICE_NAME}-${inputs.region}-${fn}-${suffix}`;
    const meta = inputs.metrics[metricName];
    if (meta === undefined) {
      skipped.push({ ruleId, why: `DescribeMetricMetaList lists no ${FC_NAMESPACE} ${metricName}` });
      return;
    }
    if (!meta.dimensions.includes('functionName')) {
      skipped.push({
        ruleId,
        why: `${metricName} has no functionName dimension (${meta.dimensions.join(',')})`,
      });
      return;
    }
    const statistics = COUNT_STATISTICS.find((s) => meta.statistics.includes(s));
    if (statistics === undefined) {
      skipped.push({
        ruleId,
        why: `${metricName} publishes no count statistic (${meta.statistics.join(',')})`,
      });
      return;
    }
    const name = fc3FunctionName(fn);
    rules.push({
      ruleId,
      ruleName: `${name}: ${what}`,
      metricName,
      resources: [functionResource(meta, inputs, name)],
      contactGroup: inputs.contactGroup,
      statistics,
      ...condition,
    });
  };
  const oneMinuteAboveZero = {
    comparisonOperator: 'GreaterThanThreshold',
    threshold: 0,
    times: 1,
    periodSeconds: FC_METRIC_PERIOD_SECONDS,
  } as const;
  for (const fn of [FunctionName.Reconcile, FunctionName.RdsEvent]) {
    add(fn, 'errors', FcMetric.Errors, oneMinuteAboveZero, 'function errors > 0');
    add(
      fn,
      'concurrency-throttles',
      FcMetric.ConcurrencyThrottles,
      oneMinuteAboveZero,
      'concurrency throttles > 0',
    );
    add(fn, 'resource-throttles', FcMetric.ResourceThrottles, oneMinuteAboveZero, 'resource throttles > 0');
  }
  const periodSeconds = schedulePeriodSeconds(inputs.schedule);
  const notRunning = `${SERVICE_NAME}-${inputs.region}-${FunctionName.Reconcile}-not-running`;
  if (periodSeconds === undefined) {
    skipped.push({
      ruleId: notRunning,
      why: `the schedule '${inputs.schedule}' is a cron expression: its period is not one number of seconds`,
    });
  } else {
    add(
      FunctionName.Reconcile,
      'not-running',
      FcMetric.Invocations,
      {
        comparisonOperator: 'LessThanThreshold',
        threshold: 1,
        times: MISSED_SCHEDULE_PERIODS,
        periodSeconds,
        noDataPolicy: 'INSUFFICIENT_DATA',
      },
      `invocations < 1 in ${MISSED_SCHEDULE_PERIODS} schedule periods`,
    );
  }
  return { rules, skipped };
}

// userId, region and functionName are what the FC pages name; serviceName (FC 2.0's level, empty for an
// FC 3.0 function when querying) and qualifier (version or alias) are left out, so the rule watches every
// qualifier of the function. Unverified against an account: whether CloudMonitor matches a resource
// that names fewer dimensions than the metric has. Its own example, `[{"userId": ...}]` for all of an
// account's resources, suggests it does.
function functionResource(
  meta: MetricMeta,
  inputs: AlarmInputs,
  functionName: string,
): Record<string, string> {
  const known: Record<string, string> = { userId: inputs.accountId, region: inputs.region, functionName };
  return Object.fromEntries(
    meta.dimensions.filter((key) => key in known).map((key) => [key, known[key] ?? '']),
  );
}

/** The rule as PutResourceMetricRule's form parameters. */
export function putRuleParams(rule: MetricRule): RpcParams {
  return {
    RuleId: rule.ruleId,
    RuleName: rule.ruleName,
    Namespace: FC_NAMESPACE,
    MetricName: rule.metricName,
    Resources: JSON.stringify(rule.resources),
    ContactGroups: rule.contactGroup,
    Period: String(rule.periodSeconds),
    Interval: String(FC_METRIC_PERIOD_SECONDS),
    'Escalations.Critical.Statistics': rule.statistics,
    'Escalations.Critical.ComparisonOperator': rule.comparisonOperator,
    'Escalations.Critical.Threshold': String(rule.threshold),
    'Escalations.Critical.Times': rule.times,
    ...(rule.noDataPolicy ? { NoDataPolicy: rule.noDataPolicy } : {}),
  };
}
