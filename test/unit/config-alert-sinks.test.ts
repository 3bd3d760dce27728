import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { alertMessageOf } from '../../shared/alert';
import type { AlertReport } from '../../shared/alert';
import { ConfigError, parseConfig } from '../../shared/config';
import type { Binding } from '../../shared/core/config-types';
import { createAwsRuntime } from '../../shared/platform/aws';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders/0123456789abcdef';
const awsBinding = (alert: string) =>
  `  - { name: orders, endpoint: "orders.example:5432", pools: [{ aws-elbv2: { targetGroupArn: "${TG}" } }]${alert} }\n`;
const alicloudBinding = (alert: string) =>
  `  - { name: billing, endpoint: "rm-bp1billing01.mysql.rds.aliyuncs.com:3306", pools: [{ alicloud-nlb: { region: cn-hangzhou, serverGroupId: sgp-billing01 } }]${alert} }\n`;

const problemsOf = (text: string, options: Parameters<typeof parseConfig>[2]): readonly string[] => {
  try {
    parseConfig(text, 'bindings.yml', options);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('alert sinks that cannot work where the binding runs', () => {
  it('refuses, in the function that runs it, a binding with no sink of its own and no top-level alert', () => {
    const text = `bindings:\n${awsBinding('')}${alicloudBinding('')}`;
    expect(problemsOf(text, { env: {}, platform: 'aws' })).toEqual([
      "binding 'orders': alert: names no sink, and the file has no top-level alert: name sns, cloudMonitor or webhook",
    ]);
    expect(problemsOf(text, { env: {}, platform: 'alicloud' })).toEqual([
      "binding 'billing': alert: names no sink, and the file has no top-level alert: name sns, cloudMonitor or webhook",
    ]);
    // Inherited from the top level, the sink counts.
    expect(
      problemsOf(
        `alert: { sns: "arn:aws:sns:us-east-1:123456789012:oncall" }\nbindings:\n${awsBinding('')}`,
        {
          env: {},
          platform: 'aws',
        },
      ),
    ).toEqual([]);
  });

  it('refuses SNS on Function Compute without AWS credentials in its environment, inherited or not', () => {
    const text = `alert: { sns: "arn:aws:sns:us-east-1:123456789012:oncall" }\nbindings:\n${alicloudBinding('')}`;
    expect(problemsOf(text, { env: {}, platform: 'alicloud' })).toEqual([
      "binding 'billing': alert.sns: Function Compute has no AWS credentials to publish with (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the function environment), so every SNS alert would be lost; use cloudMonitor or webhook",
    ]);
    expect(
      problemsOf(text, {
        env: { AWS_ACCESS_KEY_ID: 'AKIAX', AWS_SECRET_ACCESS_KEY: 'y' },
        platform: 'alicloud',
      }),
    ).toEqual([]);
    // The AWS functions do not run it: nothing to say there.
    expect(problemsOf(text, { env: {}, platform: 'aws' })).toEqual([]);
  });
});

describe('the AWS runtime', () => {
  it('calls a binding’s webhook, not only its SNS topics', async () => {
    // Prepare
    const received: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push(
          `${req.method ?? ''} ${req.url ?? ''} ${(JSON.parse(body) as { subject: string }).subject}`,
        );
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/hook`;
    const config = parseConfig(
      `bindings:\n${awsBinding(`, alert: { webhook: [{ url: "${url}" }] }`)}`,
      'bindings.yml',
      { env: {}, platform: 'aws' },
    );
    const binding = config.bindings[0] as Binding;
    const report: AlertReport = {
      binding: 'orders',
      endpoint: 'orders.example:5432',
      outcome: 'drift',
      mode: 'apply',
      resolution: { ok: true, addresses: ['10.0.0.2'], ttlSeconds: 5, chain: [], server: '10.0.0.2' },
      pools: [],
      durationMs: 1,
    };
    // Act
    const deliveries = await createAwsRuntime(config).alert(alertMessageOf(report, 'schedule'), binding);
    await new Promise((resolve) => server.close(resolve));
    // Assess
    expect(deliveries).toEqual([{ target: `generic webhook http://127.0.0.1:${port}/...`, ok: true }]);
    expect(received).toEqual([
      'POST /hook rds-failover-sync: orders DRIFT: pool on nothing, endpoint at 10.0.0.2',
    ]);
  });
});
