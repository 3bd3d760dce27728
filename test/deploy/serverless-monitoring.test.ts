import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageService, templateOf } from './package-service';
import type { Packaged, Template } from './package-service';

// Each package is a real `serverless package` run (about a minute on a loaded 2-core machine); the
// timeout only stops a hung run.
jest.setTimeout(600_000);

const ROOT = resolve(__dirname, '..', '..');
const SERVICE = 'rds-failover-sync-dev';
const GIVEN_TOPIC = 'arn:aws:sns:us-east-1:123456789012:platform-oncall';
const OWN_TOPIC = { Ref: 'AlertTopic' };
const RDS_EVENT = { Ref: 'RdsEventLambdaFunction' };
const RECONCILE = { Ref: 'ReconcileLambdaFunction' };

const alarmsOf = (template: Template) =>
  Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm')
    .map(([id, r]) => {
      const p = r.Properties;
      return [
        id,
        p.AlarmName,
        p.Namespace,
        p.MetricName,
        p.Dimensions,
        p.Statistic,
        p.Period,
        p.EvaluationPeriods,
        p.DatapointsToAlarm,
        p.ComparisonOperator,
        p.Threshold,
        p.TreatMissingData,
      ];
    });

const functionName = (ref: unknown) => [{ Name: 'FunctionName', Value: ref }];
const service = [{ Name: 'Service', Value: SERVICE }];

describe('sls package: alarms, dashboard and the on-failure destination', () => {
  let plain: Packaged;
  let quiet: Packaged;

  beforeAll(async () => {
    [plain, quiet] = await Promise.all([
      packageService(['--param=schedule=rate(5 minutes)']),
      packageService([`--param=alertTopicArn=${GIVEN_TOPIC}`, '--param=alarms=false']),
    ]);
  });

  afterAll(() => {
    for (const packaged of [plain, quiet]) rmSync(packaged.dir, { recursive: true, force: true });
  });

  describe('by default', () => {
    let template: Template;
    beforeAll(() => {
      template = templateOf(plain);
    });

    it('creates every alarm, sized on the 5-minute schedule', () => {
      expect(alarmsOf(template)).toEqual([
        [
          'RdsEventErrorsAlarm',
          `${SERVICE}-rdsEvent-errors`,
          'AWS/Lambda',
          'Errors',
          functionName(RDS_EVENT),
          'Sum',
          60,
          1,
          undefined,
          'GreaterThanThreshold',
          0,
          'notBreaching',
        ],
        [
          'ReconcileErrorsAlarm',
          `${SERVICE}-reconcile-errors`,
          'AWS/Lambda',
          'Errors',
          functionName(RECONCILE),
          'Sum',
          60,
          1,
          undefined,
          'GreaterThanThreshold',
          0,
          'notBreaching',
        ],
        [
          'RdsEventThrottlesAlarm',
          `${SERVICE}-rdsEvent-throttles`,
          'AWS/Lambda',
          'Throttles',
          functionName(RDS_EVENT),
          'Sum',
          60,
          1,
          undefined,
          'GreaterThanThreshold',
          0,
          'notBreaching',
        ],
        [
          'ReconcileThrottlesAlarm',
          `${SERVICE}-reconcile-throttles`,
          'AWS/Lambda',
          'Throttles',
          functionName(RECONCILE),
          'Sum',
          60,
          1,
          undefined,
          'GreaterThanThreshold',
          0,
          'notBreaching',
        ],
        [
          'RefusalsAlarm',
          `${SERVICE}-refusals`,
          'RdsFailoverSync',
          'Refusals',
          service,
          'Sum',
          60,
          1,
          undefined,
          'GreaterThanThreshold',
          0,
          'notBreaching',
        ],
        [
          'FailuresAlarm',
          `${SERVICE}-failures`,
          'RdsFailoverSync',
          'Failures',
          service,
          'Sum',
          60,
          1,
          undefined,
          'GreaterThanThreshold',
          0,
          'notBreaching',
        ],
        [
          'DriftAlarm',
          `${SERVICE}-drift`,
          'RdsFailoverSync',
          'Drift',
          [...service, { Name: 'Function', Value: RECONCILE }],
          'Maximum',
          300,
          2,
          2,
          'GreaterThanThreshold',
          0,
          'notBreaching',
        ],
        [
          'ScheduleNotRunningAlarm',
          `${SERVICE}-schedule-not-running`,
          'AWS/Lambda',
          'Invocations',
          functionName(RECONCILE),
          'Sum',
          300,
          3,
          undefined,
          'LessThanThreshold',
          1,
          'breaching',
        ],
      ]);
    });

    it("routes every alarm, both ways, to the stack's own alert topic, and outputs its ARN", () => {
      const alarms = Object.values(template.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
      expect(
        new Set(alarms.map((a) => JSON.stringify([a.Properties.AlarmActions, a.Properties.OKActions]))),
      ).toEqual(new Set([JSON.stringify([[OWN_TOPIC], [OWN_TOPIC]])]));
      expect(template.Resources.AlertTopic).toEqual({
        Type: 'AWS::SNS::Topic',
        Properties: { DisplayName: `rds-failover-sync alarms (${SERVICE})` },
      });
      expect(template.Outputs?.AlertTopicArn).toEqual({
        Description: 'Where the alarms and failed RDS event deliveries go',
        Value: OWN_TOPIC,
      });
      expect(plain.output).toContain('no --param alertTopicArn');
    });

    it("sends rdsEvent's failed asynchronous invocations to the topic, with Publish on that topic only", () => {
      expect(template.Resources.RdsEventOnFailure).toEqual({
        Type: 'AWS::Lambda::EventInvokeConfig',
        DependsOn: ['AlertDestinationPolicy'],
        Properties: {
          FunctionName: RDS_EVENT,
          Qualifier: '$LATEST',
          MaximumRetryAttempts: 2,
          DestinationConfig: { OnFailure: { Destination: OWN_TOPIC } },
        },
      });
      expect(template.Resources.AlertDestinationPolicy).toEqual({
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: 'rds-event-on-failure-destination',
          Roles: [{ Ref: 'IamRoleLambdaExecution' }],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: ['sns:Publish'], Resource: [OWN_TOPIC] }],
          },
        },
      });
    });

    it('builds a dashboard of every figure per binding and of both functions', () => {
      const dashboard = template.Resources.Dashboard?.Properties as {
        DashboardName: string;
        DashboardBody: { 'Fn::Sub': string };
      };
      const body = JSON.parse(dashboard.DashboardBody['Fn::Sub']) as {
        widgets: { properties: { title: string; region: string; metrics: unknown[][] } }[];
      };
      const expressions = body.widgets.flatMap((w) =>
        w.properties.metrics.flatMap((m) =>
          m.filter((x) => typeof x === 'object').map((x) => (x as { expression?: string }).expression),
        ),
      );
      expect(dashboard.DashboardName).toBe(SERVICE);
      expect(body.widgets.map((w) => w.properties.title)).toEqual([
        'Swaps per binding',
        'Drift per binding',
        'Refusals and failures per binding',
        'Busy (another run held the pool) per binding',
        'Time to consistency and DNS lag, ms (max)',
        'Functions: invocations, errors, throttles',
        'Functions: duration, ms (max)',
      ]);
      expect(expressions.filter(Boolean)).toEqual([
        `SEARCH('{RdsFailoverSync,Binding,Service} Service="${SERVICE}" MetricName="Swaps"', 'Sum', 300)`,
        `SEARCH('{RdsFailoverSync,Binding,Service} Service="${SERVICE}" MetricName="Drift"', 'Maximum', 300)`,
        `SEARCH('{RdsFailoverSync,Binding,Service} Service="${SERVICE}" MetricName="Refusals"', 'Sum', 300)`,
        `SEARCH('{RdsFailoverSync,Binding,Service} Service="${SERVICE}" MetricName="Failures"', 'Sum', 300)`,
        `SEARCH('{RdsFailoverSync,Binding,Service} Service="${SERVICE}" MetricName="Busy"', 'Sum', 300)`,
        `SEARCH('{RdsFailoverSync,Binding,Service} Service="${SERVICE}" MetricName="TimeToConsistentMs"', 'Maximum', 300)`,
        `SEARCH('{RdsFailoverSync,Binding,Service} Service="${SERVICE}" MetricName="DnsLagMs"', 'Maximum', 300)`,
      ]);
      expect(new Set(body.widgets.map((w) => w.properties.region))).toEqual(new Set(['${AWS::Region}']));
      expect(body.widgets[5]?.properties.metrics[0]).toEqual([
        'AWS/Lambda',
        'Invocations',
        'FunctionName',
        '${RdsEventLambdaFunction}',
        { label: 'rdsEvent Invocations' },
      ]);
    });

    it('gives both functions the metrics service name and LOG_LEVEL info', () => {
      for (const id of ['RdsEventLambdaFunction', 'ReconcileLambdaFunction']) {
        expect(
          (template.Resources[id]?.Properties.Environment as { Variables: unknown }).Variables,
        ).toMatchObject({
          METRICS_SERVICE: SERVICE,
          LOG_LEVEL: 'info',
        });
      }
    });
  });

  describe('with alertTopicArn and alarms=false', () => {
    let template: Template;
    beforeAll(() => {
      template = templateOf(quiet);
    });

    it('creates no alarm, no dashboard and no topic, and keeps the destination, on the given topic', () => {
      const types = Object.values(template.Resources).map((r) => r.Type);
      expect(types.filter((t) => t.startsWith('AWS::CloudWatch::'))).toEqual([]);
      expect(template.Resources.AlertTopic).toBeUndefined();
      expect(template.Resources.RdsEventOnFailure?.Properties.DestinationConfig).toEqual({
        OnFailure: { Destination: GIVEN_TOPIC },
      });
      expect(template.Resources.AlertDestinationPolicy?.Properties.PolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['sns:Publish'], Resource: [GIVEN_TOPIC] }],
      });
      expect(quiet.output).not.toContain('no --param alertTopicArn');
    });
  });
});

// bin/serverless-monitoring.cjs loads serverless-vars.cjs, which loads TypeScript through tsx: run it in
// a child Node process, as serverless-vars.test.ts does.
function resourcesWith(params: Record<string, string>): { value?: unknown; error?: string } {
  const script = `
    const { resources } = require(${JSON.stringify(join(ROOT, 'bin', 'serverless-monitoring.cjs'))});
    const params = JSON.parse(process.argv[1]);
    const resolveVariable = async (variable) => {
      if (variable === 'self:service') return 'rds-failover-sync';
      if (variable === 'sls:stage') return 'prod';
      const name = /^param:(\\w+),/.exec(variable)?.[1];
      if (name) return params[name] ?? '';
      throw new Error('unexpected variable ' + variable);
    };
    resources({ resolveVariable }).then(
      (value) => process.stdout.write(JSON.stringify({ value })),
      (error) => process.stdout.write(JSON.stringify({ error: error.message })),
    );
  `;
  const output = execFileSync(process.execPath, ['-e', script, JSON.stringify(params)], {
    env: { PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(output) as { value?: unknown; error?: string };
}

describe('serverless-monitoring params', () => {
  it.each([
    [
      'cron(0/5 * * * ? *)',
      'schedule cron(0/5 * * * ? *): the alarms need a rate(...) schedule of at most 8 hours',
    ],
    ['rate(9 hours)', 'schedule rate(9 hours): the alarms need a rate(...) schedule of at most 8 hours'],
  ])('refuses a schedule the alarms cannot be sized for: %s', (schedule, message) => {
    expect(resourcesWith({ schedule }).error).toContain(message);
    expect(resourcesWith({ schedule, alarms: 'false' }).error).toBeUndefined();
  });

  it('sizes the drift and schedule alarms on an hourly schedule', () => {
    const { value } = resourcesWith({ schedule: 'rate(1 hour)' }) as {
      value: { Resources: Record<string, { Properties: { Period: number; EvaluationPeriods: number } }> };
    };
    expect([
      value.Resources.DriftAlarm?.Properties.Period,
      value.Resources.ScheduleNotRunningAlarm?.Properties.Period,
    ]).toEqual([3600, 3600]);
  });

  it('refuses an alarms param that is not true or false, and a topic that is not an SNS ARN', () => {
    expect(resourcesWith({ alarms: 'no' }).error).toBe('alarms: true or false, not no');
    expect(resourcesWith({ alertTopicArn: 'arn:aws:sqs:us-east-1:123456789012:q' }).error).toBe(
      'alertTopicArn: not an SNS topic ARN: arn:aws:sqs:us-east-1:123456789012:q',
    );
  });
});
