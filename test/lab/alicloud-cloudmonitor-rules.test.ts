import { CloudMonitorEmulator } from '../../lab/alicloud/cloudmonitor-emulator';
import { type PopClient, type PopParams } from '../../lab/alicloud/pop-client';
import { type RpcServer } from '../../lab/alicloud/server';
import { serveWithClient } from '../support/serve-emulator';

const NOW = 1_767_225_600_000;
let cms: CloudMonitorEmulator;
let server: RpcServer;
let client: PopClient;

const call = (action: string, params: PopParams): Promise<unknown> =>
  client.request<unknown>(action, params, { method: 'POST' });

const failure = async (pending: Promise<unknown>): Promise<unknown> =>
  pending.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );

const RULE: PopParams = {
  RuleId: 'rds-failover-sync-cn-hangzhou-reconcile-errors',
  RuleName: 'rds-failover-sync-reconcile: function errors > 0',
  Namespace: 'acs_fc',
  MetricName: 'FunctionFunctionErrors',
  Resources: '[{"userId":"1234567890123456","functionName":"rds-failover-sync-reconcile"}]',
  ContactGroups: 'dba-oncall',
  Period: '60',
  'Escalations.Critical.Statistics': 'Value',
  'Escalations.Critical.ComparisonOperator': 'GreaterThanThreshold',
  'Escalations.Critical.Threshold': '0',
  'Escalations.Critical.Times': 1,
};

const without = (name: string): PopParams =>
  Object.fromEntries(Object.entries(RULE).filter(([key]) => key !== name));

beforeEach(async () => {
  cms = new CloudMonitorEmulator({ now: () => NOW, contactGroups: ['dba-oncall', 'network'] });
  ({ server, client } = await serveWithClient(cms));
});

afterEach(async () => {
  await server.close();
});

describe('CloudMonitorEmulator alarm actions through the real pop-core client', () => {
  it('lists the contact groups a page at a time', async () => {
    // Act
    const first = await call('DescribeContactGroupList', { PageNumber: 1, PageSize: 1 });
    const second = await call('DescribeContactGroupList', { PageNumber: 2, PageSize: 1 });

    // Assess
    expect(first).toEqual({
      RequestId: 'LAB-REQUEST-ID',
      Code: '200',
      Success: true,
      Total: 2,
      ContactGroupList: { ContactGroup: [{ Name: 'dba-oncall', Contacts: { Contact: [] } }] },
      ContactGroups: { ContactGroup: ['dba-oncall'] },
    });
    expect(second).toMatchObject({ Total: 2, ContactGroups: { ContactGroup: ['network'] } });
  });

  it('describes one metric of a namespace', async () => {
    // Act
    const answer = await call('DescribeMetricMetaList', {
      Namespace: 'acs_fc',
      MetricName: 'FunctionFunctionErrors',
    });

    // Assess
    expect(answer).toEqual({
      RequestId: 'LAB-REQUEST-ID',
      Code: '200',
      Success: true,
      TotalCount: '1',
      Resources: {
        Resource: [
          {
            Namespace: 'acs_fc',
            MetricName: 'FunctionFunctionErrors',
            Dimensions: 'userId,region,serviceName,functionName',
            Statistics: 'Value',
            Periods: '60',
            Unit: 'count',
            Description: 'function errors',
          },
        ],
      },
    });
  });

  it('creates a rule by RuleId, and a second put of the same RuleId replaces it', async () => {
    // Act
    const answer = await call('PutResourceMetricRule', RULE);
    await call('PutResourceMetricRule', { ...RULE, 'Escalations.Critical.Threshold': '2' });

    // Assess
    expect(answer).toEqual({ RequestId: 'LAB-REQUEST-ID', Code: '200', Success: true, Message: 'success' });
    expect([...cms.rules.values()]).toEqual([
      {
        ruleId: 'rds-failover-sync-cn-hangzhou-reconcile-errors',
        ruleName: 'rds-failover-sync-reconcile: function errors > 0',
        namespace: 'acs_fc',
        metricName: 'FunctionFunctionErrors',
        resources: [{ userId: '1234567890123456', functionName: 'rds-failover-sync-reconcile' }],
        contactGroups: ['dba-oncall'],
        period: '60',
        critical: {
          statistics: 'Value',
          comparisonOperator: 'GreaterThanThreshold',
          threshold: '2',
          times: 1,
        },
        updatedAt: NOW,
      },
    ]);
  });

  it.each(['RuleId', 'RuleName', 'Namespace', 'MetricName', 'ContactGroups'])(
    'refuses a rule without %s, storing nothing',
    async (name) => {
      // Act
      const error = await failure(call('PutResourceMetricRule', without(name)));

      // Assess
      expect(error).toMatchObject({
        code: 'MissingParameter',
        data: {
          Message: `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
        },
        entry: { response: { statusCode: 400 } },
      });
      expect(cms.rules.size).toBe(0);
    },
  );

  it('refuses a level given in part, and a rule with no level at all', async () => {
    // Act
    const partial = await failure(call('PutResourceMetricRule', without('Escalations.Critical.Times')));
    const none = await failure(
      call(
        'PutResourceMetricRule',
        Object.fromEntries(Object.entries(RULE).filter(([key]) => !key.startsWith('Escalations.'))),
      ),
    );

    // Assess
    expect(partial).toMatchObject({
      code: 'MissingParameter',
      data: { Message: expect.stringContaining('"Escalations.Critical.Times"') },
    });
    expect(none).toMatchObject({ code: 'MissingParameter' });
    expect(cms.rules.size).toBe(0);
  });

  it('refuses a contact group the account does not have', async () => {
    // Act
    const error = await failure(
      call('PutResourceMetricRule', { ...RULE, ContactGroups: 'dba-oncall,nobody' }),
    );

    // Assess
    expect(error).toMatchObject({
      code: 'ContactGroupNotExists',
      data: { Message: 'The contact group "nobody" does not exist.' },
      entry: { response: { statusCode: 404 } },
    });
    expect(cms.rules.size).toBe(0);
  });

  it('refuses a statistic the metric does not publish', async () => {
    // Act
    const error = await failure(
      call('PutResourceMetricRule', { ...RULE, 'Escalations.Critical.Statistics': 'Average' }),
    );

    // Assess
    expect(error).toMatchObject({
      code: 'InvalidParameter',
      data: {
        Message:
          'The specified parameter "Escalations.Critical.Statistics" is not valid: FunctionFunctionErrors publishes Value, not Average.',
      },
    });
    expect(cms.rules.size).toBe(0);
  });
});
