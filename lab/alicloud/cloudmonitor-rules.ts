import { parseInteger } from './rpc-params';
import { invalidParameter, missingParameter, RpcError } from './rpc-protocol';

/** One metric as DescribeMetricMetaList lists it (API 2019-01-01). */
export interface MetricMetaEntry {
  Namespace: string;
  MetricName: string;
  /** Comma-separated, e.g. `userId,region,serviceName,functionName`. */
  Dimensions: string;
  /** Comma-separated, e.g. `Value`. */
  Statistics: string;
  Periods: string;
  Unit: string;
  Description: string;
}

/**
 * The lab's acs_fc metrics: the FC 3.0 function-level names (FC "Monitoring data" page,
 * https://help.aliyun.com/zh/functioncompute/fc/user-guide/monitoring-data), with the dimensions and the
 * statistic CloudMonitor's older metric list gives acs_fc function metrics ("userId, region, serviceName,
 * and functionName", "Value"). A real account's answer may differ: the deploy reads it, never assumes it.
 */
export const LAB_FC_METRICS: readonly MetricMetaEntry[] = [
  ['FunctionTotalInvocations', 'count', 'total invocations'],
  ['FunctionFunctionErrors', 'count', 'function errors'],
  ['FunctionConcurrencyThrottles', 'count', 'throttled: concurrent instances over the limit'],
  ['FunctionResourceThrottles', 'count', 'throttled: total instances over the limit'],
].map(([MetricName = '', Unit = '', Description = '']) => ({
  Namespace: 'acs_fc',
  MetricName,
  Dimensions: 'userId,region,serviceName,functionName',
  Statistics: 'Value',
  Periods: '60',
  Unit,
  Description,
}));

/** One escalation level of a rule, as sent. */
export interface StoredEscalation {
  statistics: string;
  comparisonOperator: string;
  threshold: string;
  times: number;
}

/** A threshold rule PutResourceMetricRule accepted; a second put of the same RuleId replaces it. */
export interface StoredMetricRule {
  ruleId: string;
  ruleName: string;
  namespace: string;
  metricName: string;
  /** `Resources` parsed. */
  resources: unknown;
  contactGroups: string[];
  period?: string;
  interval?: string;
  noDataPolicy?: string;
  critical?: StoredEscalation;
  warn?: StoredEscalation;
  info?: StoredEscalation;
  /** The emulator's clock at the last put. */
  updatedAt: number;
}

const LEVELS = ['Critical', 'Warn', 'Info'] as const;
const OPERATORS: ReadonlySet<string> = new Set([
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanOrEqualToThreshold',
  'LessThanThreshold',
  'NotEqualToThreshold',
  'EqualToThreshold',
  'GreaterThanYesterday',
  'LessThanYesterday',
  'GreaterThanLastWeek',
  'LessThanLastWeek',
  'GreaterThanLastPeriod',
  'LessThanLastPeriod',
]);
const NO_DATA_POLICIES: ReadonlySet<string> = new Set(['KEEP_LAST_STATE', 'INSUFFICIENT_DATA', 'OK']);

/**
 * The lab's answer to a contact group that does not exist. PutResourceMetricRule's reference documents
 * no error code for it; `ContactGroupNotExists` is the code terraform-provider-alicloud expects from
 * CloudMonitor for a missing contact group (alicloud/service_alicloud_cms.go). The deploy never relies
 * on it: it looks the group up with DescribeContactGroupList first.
 */
export function contactGroupNotExists(name: string): RpcError {
  return new RpcError('ContactGroupNotExists', `The contact group "${name}" does not exist.`, 404);
}

/**
 * Reads and checks PutResourceMetricRule's parameters. Required, per the 2019-01-01 SDK model: RuleId,
 * RuleName, Namespace, MetricName, ContactGroups; at least one level with all four of Statistics,
 * ComparisonOperator, Threshold and Times ("You must select at least one of the Critical, Warn, and Info
 * alert levels and specify ..."). Since 2024-08-15 a Statistics the metric does not publish is refused:
 * the lab checks it against `metas` (its code is undocumented; the lab answers InvalidParameter).
 */
export function readMetricRule(
  params: URLSearchParams,
  contactGroups: ReadonlySet<string>,
  metas: readonly MetricMetaEntry[],
  at: number,
): StoredMetricRule {
  const required = (name: string): string => {
    const value = params.get(name);
    if (value === null || value === '') throw missingParameter(name);
    return value;
  };
  const ruleId = required('RuleId');
  const ruleName = required('RuleName');
  const namespace = required('Namespace');
  const metricName = required('MetricName');
  const groups = required('ContactGroups')
    .split(',')
    .map((group) => group.trim());
  const absent = groups.find((group) => !contactGroups.has(group));
  if (absent !== undefined) throw contactGroupNotExists(absent);
  const resourcesText = params.get('Resources');
  let resources: unknown = undefined;
  if (resourcesText !== null) {
    try {
      resources = JSON.parse(resourcesText) as unknown;
    } catch {
      throw invalidParameter('Resources', 'it is not JSON');
    }
    if (!Array.isArray(resources)) throw invalidParameter('Resources', 'it is not a JSON array');
  }
  const meta = metas.find((m) => m.Namespace === namespace && m.MetricName === metricName);
  const levels: Partial<Record<'critical' | 'warn' | 'info', StoredEscalation>> = {};
  for (const level of LEVELS) {
    const field = (name: string) => params.get(`Escalations.${level}.${name}`);
    const sent = ['Statistics', 'ComparisonOperator', 'Threshold', 'Times'].filter(
      (name) => field(name) !== null,
    );
    if (sent.length === 0) continue;
    if (sent.length < 4) {
      throw missingParameter(
        `Escalations.${level}.${['Statistics', 'ComparisonOperator', 'Threshold', 'Times'].find((n) => field(n) === null) ?? ''}`,
      );
    }
    const statistics = field('Statistics') ?? '';
    const comparisonOperator = field('ComparisonOperator') ?? '';
    const threshold = field('Threshold') ?? '';
    const times = parseInteger(field('Times'));
    if (!OPERATORS.has(comparisonOperator)) {
      throw invalidParameter(`Escalations.${level}.ComparisonOperator`);
    }
    if (threshold === '' || Number.isNaN(Number(threshold)))
      throw invalidParameter(`Escalations.${level}.Threshold`);
    if (times === undefined || Number.isNaN(times) || times < 1)
      throw invalidParameter(`Escalations.${level}.Times`);
    if (meta !== undefined && !meta.Statistics.split(',').includes(statistics)) {
      throw invalidParameter(
        `Escalations.${level}.Statistics`,
        `${metricName} publishes ${meta.Statistics}, not ${statistics}`,
      );
    }
    levels[level.toLowerCase() as 'critical' | 'warn' | 'info'] = {
      statistics,
      comparisonOperator,
      threshold,
      times,
    };
  }
  if (Object.keys(levels).length === 0) throw missingParameter('Escalations.Critical.Statistics');
  const noDataPolicy = params.get('NoDataPolicy');
  if (noDataPolicy !== null && !NO_DATA_POLICIES.has(noDataPolicy)) throw invalidParameter('NoDataPolicy');
  const optional = (name: string) => params.get(name) ?? undefined;
  const period = optional('Period');
  const interval = optional('Interval');
  return {
    ruleId,
    ruleName,
    namespace,
    metricName,
    resources,
    contactGroups: groups,
    ...(period !== undefined ? { period } : {}),
    ...(interval !== undefined ? { interval } : {}),
    ...(noDataPolicy !== null ? { noDataPolicy } : {}),
    ...levels,
    updatedAt: at,
  };
}

/** A page of `items`, as the Describe* actions page: PageNumber from 1, PageSize per their default. */
export function page<T>(params: URLSearchParams, items: readonly T[], defaultSize: number): T[] {
  const number = parseInteger(params.get('PageNumber')) ?? 1;
  const size = parseInteger(params.get('PageSize')) ?? defaultSize;
  if (Number.isNaN(number) || number < 1) throw invalidParameter('PageNumber');
  if (Number.isNaN(size) || size < 1) throw invalidParameter('PageSize');
  return items.slice((number - 1) * size, number * size);
}
