import * as v from 'valibot';
import type { AlicloudRpc } from '../../shared/alicloud/rpc';
import { alarmPlan, FC_NAMESPACE, FcMetric, putRuleParams } from './alarms';
import type { AlarmInputs, AlarmPlan, MetricMeta } from './alarms';
import { AlarmContactGroupNotFoundError } from './errors';

// CloudMonitor 2019-01-01 answers success with Code '200' and Success true (SDK response models,
// aliyun/alibabacloud-typescript-sdk cms-20190101); an error Code makes pop-core throw, and Success false
// with a success Code fails the schema, so neither passes as success.
const Succeeded = { Success: v.literal(true) };

// DescribeContactGroupList (https://www.alibabacloud.com/help/en/cms/cloudmonitor-1-0/developer-reference/api-cms-2019-01-01-describecontactgrouplist):
// PageNumber, PageSize; ContactGroupList.ContactGroup[].Name and Total.
const ContactGroupPage = v.looseObject({
  ...Succeeded,
  Total: v.optional(v.number()),
  ContactGroupList: v.optional(
    v.looseObject({ ContactGroup: v.optional(v.array(v.looseObject({ Name: v.string() })), []) }),
  ),
});

// DescribeMetricMetaList: Resources.Resource[] {MetricName, Dimensions "a,b", Statistics "x,y", ...}.
const MetricMetaPage = v.looseObject({
  ...Succeeded,
  Resources: v.optional(
    v.looseObject({
      Resource: v.optional(
        v.array(
          v.looseObject({
            MetricName: v.string(),
            Dimensions: v.optional(v.string(), ''),
            Statistics: v.optional(v.string(), ''),
          }),
        ),
        [],
      ),
    }),
  ),
});

const PutRuleAnswer = v.looseObject({ ...Succeeded });

const CONTACT_GROUP_PAGE_SIZE = 100;
/** Pages read at most: 10,000 contact groups; past that the account is not one this deploy serves. */
const MAX_CONTACT_GROUP_PAGES = 100;

/** What `ensureAlarms` did: the rules written (upserted) and the ones left out, with why. */
export type AlarmOutcome = AlarmPlan;

/**
 * Makes sure of the alarm rules: the contact group must exist (looked up, never created), each metric's
 * dimensions and statistics are read from the account, then each rule is put. PutResourceMetricRule
 * is an upsert by RuleId, so running it again changes the same rules and creates none.
 */
export async function ensureAlarms(
  cms: AlicloudRpc,
  inputs: Omit<AlarmInputs, 'metrics'>,
  onRule: (ruleId: string) => void = () => {},
): Promise<AlarmOutcome> {
  if (!(await contactGroupExists(cms, inputs.contactGroup))) {
    throw new AlarmContactGroupNotFoundError(inputs.contactGroup);
  }
  const metrics = Object.fromEntries(
    await Promise.all(
      Object.values(FcMetric).map(
        async (metricName) => [metricName, await metricMeta(cms, metricName)] as const,
      ),
    ),
  ) as Record<FcMetric, MetricMeta | undefined>;
  const plan = alarmPlan({ ...inputs, metrics });
  // One at a time: a handful of rules, and the first failure stops the rest with its code.
  for (const rule of plan.rules) {
    await cms.call('PutResourceMetricRule', putRuleParams(rule), PutRuleAnswer);
    onRule(rule.ruleId);
  }
  return plan;
}

async function contactGroupExists(cms: AlicloudRpc, name: string): Promise<boolean> {
  for (let pageNumber = 1; pageNumber <= MAX_CONTACT_GROUP_PAGES; pageNumber += 1) {
    const answer = await cms.call(
      'DescribeContactGroupList',
      { PageNumber: pageNumber, PageSize: CONTACT_GROUP_PAGE_SIZE },
      ContactGroupPage,
    );
    const groups = answer.ContactGroupList?.ContactGroup ?? [];
    if (groups.some((group) => group.Name === name)) return true;
    const seen = (pageNumber - 1) * CONTACT_GROUP_PAGE_SIZE + groups.length;
    if (groups.length < CONTACT_GROUP_PAGE_SIZE || (answer.Total !== undefined && seen >= answer.Total)) {
      return false;
    }
  }
  return false;
}

async function metricMeta(cms: AlicloudRpc, metricName: FcMetric): Promise<MetricMeta | undefined> {
  const answer = await cms.call(
    'DescribeMetricMetaList',
    { Namespace: FC_NAMESPACE, MetricName: metricName },
    MetricMetaPage,
  );
  const entry = answer.Resources?.Resource.find((resource) => resource.MetricName === metricName);
  if (entry === undefined) return undefined;
  const list = (text: string) =>
    text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  return { dimensions: list(entry.Dimensions), statistics: list(entry.Statistics) };
}
