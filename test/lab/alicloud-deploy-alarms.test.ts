import { deployAlarms } from '../../bin/alicloud-deploy/alarms-step';
import { AlarmContactGroupNotFoundError } from '../../bin/alicloud-deploy/errors';
import { parseDeployArgs } from '../../bin/alicloud-deploy/args';
import { CloudMonitorEmulator } from '../../lab/alicloud/cloudmonitor-emulator';
import { LAB_FC_METRICS } from '../../lab/alicloud/cloudmonitor-rules';
import { type RpcServer } from '../../lab/alicloud/server';
import { KEY_ID, SECRET, serveWithClient } from '../support/serve-emulator';

const NOW = 1_767_225_600_000;
const SETTINGS = {
  accessKeyId: KEY_ID,
  accessKeySecret: SECRET,
  accountId: '1234567890123456',
  region: 'cn-hangzhou',
};
let cms: CloudMonitorEmulator;
let server: RpcServer;
let lines: string[];
let notes: string[];

const deploy = (argv: readonly string[]) =>
  deployAlarms(
    parseDeployArgs(argv),
    SETTINGS,
    { ALICLOUD_ENDPOINT_CMS: server.url },
    (line) => lines.push(line),
    (note) => notes.push(note),
  );

beforeEach(async () => {
  cms = new CloudMonitorEmulator({ now: () => NOW, contactGroups: ['dba-oncall'] });
  ({ server } = await serveWithClient(cms));
  lines = [];
  notes = [];
});

afterEach(async () => {
  await server.close();
});

const resource = (functionName: string) => [
  { userId: '1234567890123456', region: 'cn-hangzhou', functionName },
];
const aboveZero = (statistics = 'Value') => ({
  critical: { statistics, comparisonOperator: 'GreaterThanThreshold', threshold: '0', times: 1 },
  period: '60',
  interval: '60',
});

describe("the deploy's alarm step against the CloudMonitor emulator", () => {
  it('puts seven rules on the two functions, which a second deploy updates in place', async () => {
    // Act
    await deploy(['--alarm-contact-group', 'dba-oncall', '--schedule', '@every 5m']);
    const first = [...cms.rules.values()];
    await deploy(['--alarm-contact-group', 'dba-oncall', '--schedule', '@every 5m']);

    // Assess
    const common = { namespace: 'acs_fc', contactGroups: ['dba-oncall'], updatedAt: NOW };
    expect(first).toEqual([
      {
        ruleId: 'rds-failover-sync-cn-hangzhou-reconcile-errors',
        ruleName: 'rds-failover-sync-reconcile: function errors > 0',
        metricName: 'FunctionFunctionErrors',
        resources: resource('rds-failover-sync-reconcile'),
        ...aboveZero(),
        ...common,
      },
      {
        ruleId: 'rds-failover-sync-cn-hangzhou-reconcile-concurrency-throttles',
        ruleName: 'rds-failover-sync-reconcile: concurrency throttles > 0',
        metricName: 'FunctionConcurrencyThrottles',
        resources: resource('rds-failover-sync-reconcile'),
        ...aboveZero(),
        ...common,
      },
      {
        ruleId: 'rds-failover-sync-cn-hangzhou-reconcile-resource-throttles',
        ruleName: 'rds-failover-sync-reconcile: resource throttles > 0',
        metricName: 'FunctionResourceThrottles',
        resources: resource('rds-failover-sync-reconcile'),
        ...aboveZero(),
        ...common,
      },
      {
        ruleId: 'rds-failover-sync-cn-hangzhou-rds-event-errors',
        ruleName: 'rds-failover-sync-rds-event: function errors > 0',
        metricName: 'FunctionFunctionErrors',
        resources: resource('rds-failover-sync-rds-event'),
        ...aboveZero(),
        ...common,
      },
      {
        ruleId: 'rds-failover-sync-cn-hangzhou-rds-event-concurrency-throttles',
        ruleName: 'rds-failover-sync-rds-event: concurrency throttles > 0',
        metricName: 'FunctionConcurrencyThrottles',
        resources: resource('rds-failover-sync-rds-event'),
        ...aboveZero(),
        ...common,
      },
      {
        ruleId: 'rds-failover-sync-cn-hangzhou-rds-event-resource-throttles',
        ruleName: 'rds-failover-sync-rds-event: resource throttles > 0',
        metricName: 'FunctionResourceThrottles',
        resources: resource('rds-failover-sync-rds-event'),
        ...aboveZero(),
        ...common,
      },
      {
        ruleId: 'rds-failover-sync-cn-hangzhou-reconcile-not-running',
        ruleName: 'rds-failover-sync-reconcile: invocations < 1 in 3 schedule periods',
        metricName: 'FunctionTotalInvocations',
        resources: resource('rds-failover-sync-reconcile'),
        critical: { statistics: 'Value', comparisonOperator: 'LessThanThreshold', threshold: '1', times: 3 },
        period: '300',
        interval: '60',
        noDataPolicy: 'INSUFFICIENT_DATA',
        ...common,
      },
    ]);
    // The second deploy put the same seven RuleIds again, and the rules are what they were.
    expect([...cms.rules.values()]).toEqual(first);
    const puts = cms.calls.filter((c) => c.action === 'PutResourceMetricRule').map((c) => c.params.RuleId);
    expect(puts).toEqual([...first.map((rule) => rule.ruleId), ...first.map((rule) => rule.ruleId)]);
    expect(lines).toContain('  alarm rds-failover-sync-cn-hangzhou-reconcile-not-running: put');
    expect(notes).toContain(
      'the deploying key (not the function role) needs cms:DescribeContactGroupList, ' +
        'cms:DescribeMetricMetaList, cms:PutResourceMetricRule for the alarms',
    );
  });

  it('uses the statistic the account publishes', async () => {
    // Prepare
    cms.metricMetas.splice(
      0,
      cms.metricMetas.length,
      ...LAB_FC_METRICS.map((meta) => ({ ...meta, Statistics: 'Average,Sum' })),
    );

    // Act
    await deploy(['--alarm-contact-group', 'dba-oncall']);

    // Assess
    expect(cms.rules.get('rds-failover-sync-cn-hangzhou-rds-event-errors')).toMatchObject(aboveZero('Sum'));
  });

  it('stops before any rule when the contact group does not exist', async () => {
    // Act
    const error = await deploy(['--alarm-contact-group', 'nobody']).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

    // Assess
    expect(error).toBeInstanceOf(AlarmContactGroupNotFoundError);
    expect((error as Error).message).toBe(
      "--alarm-contact-group: CloudMonitor has no alert contact group 'nobody'; create it (CloudMonitor " +
        'console, Alerts > Alert Contacts, or PutContactGroup) with the people to alert, then deploy again',
    );
    expect(cms.calls.map((c) => c.action)).toEqual(['DescribeContactGroupList']);
  });

  it('says in one line that no alarm was created without the flag, and calls nothing', async () => {
    // Act
    await deploy([]);

    // Assess
    expect(lines).toEqual([
      'No CloudMonitor alarm created: give --alarm-contact-group NAME (an existing alert contact group) ' +
        'to alarm on function errors, throttles and the schedule not running',
    ]);
    expect(cms.calls).toEqual([]);
  });

  it('creates none for FC 2.0 functions, and says so in one line', async () => {
    // Act
    await deploy(['--alarm-contact-group', 'dba-oncall', '--fc-api', '2.0']);

    // Assess
    expect(lines).toEqual([
      'No CloudMonitor alarm created: the alarm rules watch FC 3.0 functions, and --fc-api 2.0 was given',
    ]);
    expect(cms.calls).toEqual([]);
  });

  it('skips the rules of a metric the account does not list, and says so', async () => {
    // Prepare
    const kept = cms.metricMetas.filter((meta) => meta.MetricName !== 'FunctionResourceThrottles');
    cms.metricMetas.splice(0, cms.metricMetas.length, ...kept);

    // Act
    await deploy(['--alarm-contact-group', 'dba-oncall']);

    // Assess
    expect(cms.rules.size).toBe(5);
    expect(notes.slice(0, 2)).toEqual([
      'alarm rds-failover-sync-cn-hangzhou-reconcile-resource-throttles not created: ' +
        'DescribeMetricMetaList lists no acs_fc FunctionResourceThrottles',
      'alarm rds-failover-sync-cn-hangzhou-rds-event-resource-throttles not created: ' +
        'DescribeMetricMetaList lists no acs_fc FunctionResourceThrottles',
    ]);
  });
});
