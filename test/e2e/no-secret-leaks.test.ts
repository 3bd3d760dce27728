import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { runDrill } from '../../lab/drill';
import { startAlicloudLab, LAB_ALICLOUD_CREDENTIALS } from '../../lab/alicloud-lab';
import { alicloudLabConfig } from '../../lab/alicloud-bindings';
import { parseConfig } from '../../shared/config/load';
import { createLogger } from '../../shared/log/logger';
import { handleAlicloudInvocation } from '../../shared/platform/alicloud-handler';
import { startAwsLab } from '../../lab/aws-lab';
import { labConfig } from '../../lab/aws-bindings';
import { createAwsRuntime } from '../../shared/platform/aws';
import { handleAwsInvocation } from '../../shared/platform/aws-handler';

// Fake secrets, each distinctive enough that finding it anywhere is a leak. None is real.
const FAKE = {
  AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKE1234',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMIfakeK7MDENGbPxRfiCYfakeSecret',
  AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjFAKEsessionTOKENvalue0123456789',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'fakeAlicloudSecretValue0123',
  ALIBABA_CLOUD_SECURITY_TOKEN: 'CAISfakeStsTokenValueForTheLeakTest0123',
  BILLING_DINGTALK_URL: 'dingtalkFakeRobotToken0123456789',
  BILLING_SLACK_URL: 'slackFakeHookToken0123456789',
  // The writability check's database password, as Secrets Manager hands it over.
  PROBE_PASSWORD: 'probeFakeDbPassword-9Xq2!',
} as const;
// The lab's own credentials are not real either, but they must not be printed any more than real ones.
const LAB_SECRETS = [
  LAB_ALICLOUD_CREDENTIALS.accessKeySecret,
  LAB_ALICLOUD_CREDENTIALS.securityToken,
  'lab-secret-not-a-real-key',
];

describe('no secret reaches any output', () => {
  const written: string[] = [];
  const restore: (() => void)[] = [];
  let hooks: ReturnType<typeof createServer>;
  let hookUrl = '';
  const saved = { ...process.env };

  beforeAll(async () => {
    // A webhook receiver that refuses every alert and echoes the request back, token and all, as a
    // careless proxy would: the delivery error must still not carry the token.
    hooks = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        written.push(`webhook received: ${body}`);
        res.writeHead(500).end(`no route for ${req.url ?? ''} (${body.length} bytes)`);
      });
    });
    await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`;
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: FAKE.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: FAKE.AWS_SECRET_ACCESS_KEY,
      AWS_SESSION_TOKEN: FAKE.AWS_SESSION_TOKEN,
      ALIBABA_CLOUD_ACCESS_KEY_ID: LAB_ALICLOUD_CREDENTIALS.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
      ALIBABA_CLOUD_SECURITY_TOKEN: FAKE.ALIBABA_CLOUD_SECURITY_TOKEN,
      BILLING_DINGTALK_URL: `${hookUrl}/robot/send?access_token=${FAKE.BILLING_DINGTALK_URL}`,
      BILLING_SLACK_URL: `${hookUrl}/services/T0FAKE000/B0FAKE000/${FAKE.BILLING_SLACK_URL}`,
    });
    // Every byte written: stdout, stderr, and the console (Jest's console does not go through stdout).
    for (const stream of [process.stdout, process.stderr]) {
      const spy = jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
        return true;
      });
      restore.push(() => spy.mockRestore());
    }
    for (const method of ['log', 'info', 'warn', 'error'] as const) {
      const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        written.push(args.map(String).join(' '));
      });
      restore.push(() => spy.mockRestore());
    }
  });

  afterAll(async () => {
    for (const undo of restore) undo();
    for (const key of Object.keys(process.env)) if (!(key in saved)) Reflect.deleteProperty(process.env, key);
    Object.assign(process.env, saved);
    await new Promise((resolve) => hooks.close(resolve));
  });

  it('runs the drill, then a failing Alibaba call with a wrong secret and an STS token, and finds none', async () => {
    // Act 1: the whole drill, verbose, every log line to stderr.
    const drillExit = await runDrill({ verbose: true });

    // Act 2: the Alibaba handler signs with a wrong secret and an STS token. The gateway answers
    // SignatureDoesNotMatch with its string to sign, SecurityToken included; the CloudMonitor alert fails
    // the same way, and both webhooks answer 500 echoing their URL.
    const lab = await startAlicloudLab();
    let thrown: unknown;
    try {
      const serverGroupId = lab.nlb.createServerGroup({ port: 3306, addMs: 50, removeMs: 50 });
      lab.nlb.seedServer(serverGroupId, { ip: '10.1.1.10', port: 3306, status: 'Available' });
      lab.dns.setA('rm-bp1billing01.mysql.rds.aliyuncs.com', ['10.1.2.20']);
      const labConfig = alicloudLabConfig(lab.dns.address, [
        {
          name: 'billing',
          instance: 'rm-bp1billing01',
          endpoint: 'rm-bp1billing01.mysql.rds.aliyuncs.com',
          pools: `      - alicloud-nlb: { region: cn-hangzhou, serverGroupId: ${serverGroupId} }`,
        },
      ]);
      const withHooks = parseConfig(
        `dns: { servers: ["${lab.dns.address}"], timeoutMs: 500 }
bindings:
  - name: billing
    endpoint: rm-bp1billing01.mysql.rds.aliyuncs.com:3306
    source: { alicloud: { instance: rm-bp1billing01 } }
    pools: [{ alicloud-nlb: { region: cn-hangzhou, serverGroupId: ${serverGroupId} } }]
    allowedCidrs: [10.0.0.0/8]
    alert:
      cloudMonitor: { region: cn-hangzhou }
      webhook: [{ kind: dingtalk, url: "env:BILLING_DINGTALK_URL" }, { kind: slack, url: "env:BILLING_SLACK_URL" }]
`,
        'leak test',
      );
      expect(withHooks.dns).toEqual(labConfig.dns);
      const log = createLogger();
      await handleAlicloudInvocation(
        Buffer.from(
          JSON.stringify({ triggerTime: '2026-11-29T00:00:00Z', triggerName: 'timer', payload: '' }),
        ),
        {
          requestId: 'leak-test',
          credentials: {
            accessKeyId: LAB_ALICLOUD_CREDENTIALS.accessKeyId,
            accessKeySecret: FAKE.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
            securityToken: FAKE.ALIBABA_CLOUD_SECURITY_TOKEN,
          },
          function: { name: 'reconcile', timeout: 30 },
        },
        ['schedule'],
        { config: async () => withHooks, runtime: { log, timeoutMs: 2000 } },
      );
    } catch (error) {
      thrown = error;
    } finally {
      await lab.close();
    }

    // Assess: what was produced, thrown, reported and alerted, as text, holds none of the secrets.
    const thrownText = `${String(thrown)} ${JSON.stringify(thrown)} ${(thrown as Error | undefined)?.stack ?? ''} ${inspect(thrown, { depth: 12 })}`;
    const everything = [...written, thrownText].join('\n');
    expect(drillExit).toBe(0);
    expect(thrownText).toContain('SignatureDoesNotMatch');
    for (const secret of [...Object.values(FAKE), ...LAB_SECRETS]) {
      expect({ secret, found: everything.includes(secret) }).toEqual({ secret, found: false });
    }
    // And the paths that could have leaked them were taken.
    expect(everything).toContain('string to sign is:[redacted]');
    expect(everything).toContain('webhook received:');
  }, 120_000);

  it('reads a probe login from Secrets Manager, has it refused by the node, and prints no password', async () => {
    // Prepare: a binding whose writability check logs in with a secret from the lab's Secrets Manager
    const lab = await startAwsLab();
    const start = written.length;
    let thrown: unknown;
    try {
      const targetGroupArn = lab.elbv2.createTargetGroup({ name: 'orders', port: 5432 });
      lab.elbv2.seedTarget(targetGroupArn, { id: '10.20.1.10', port: 5432, state: 'healthy' });
      const endpoint = 'orders.cluster-leak.us-east-1.rds.amazonaws.com';
      lab.dns.setA(endpoint, ['10.20.2.20']);
      const secretArn = lab.secretsManager.createSecret({
        name: 'orders-login',
        secretString: JSON.stringify({ username: 'rfs_check', password: FAKE.PROBE_PASSWORD }),
      });
      const config = labConfig(lab.dns.address, [
        {
          name: 'orders',
          endpoint,
          source: 'cluster',
          targetGroupArn,
          topicArn: lab.sns.createTopic('db-failover'),
          probe: `{ protocol: postgres, writable: { login: { secretArn: "${secretArn}" } } }`,
        },
      ]);
      const runtime = createAwsRuntime(config, { log: createLogger() });
      // Act: the node answers as PostgreSQL, then refuses the login, naming the user as servers do
      await handleAwsInvocation(
        { bindings: ['orders'], dryRun: false },
        { getRemainingTimeInMillis: () => 30_000 },
        {
          ...runtime,
          admission: {
            ...runtime.admission,
            probe: async (address) => ({
              ok: true,
              target: `${address.ip}:${address.port}`,
              protocol: 'postgres',
              summary: 'answered the SSLRequest',
            }),
            checkWritable: async (address, options) => ({
              ok: false,
              target: `${address.ip}:${address.port}`,
              protocol: 'postgres',
              failure: 'login-refused',
              summary: `password authentication failed for user "${options.login.username}"`,
            }),
          },
        },
        ['manual'],
      );
    } catch (error) {
      thrown = error;
    } finally {
      await lab.close();
    }
    // Assess: the login was read and refused, and its password is nowhere
    const thrownText = `${String(thrown)} ${JSON.stringify(thrown)} ${inspect(thrown, { depth: 12 })}`;
    const everything = [...written.slice(start), thrownText].join('\n');
    expect(everything).toContain('password authentication failed for user');
    expect({ found: everything.includes(FAKE.PROBE_PASSWORD) }).toEqual({ found: false });
  }, 60_000);
});
