import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAlicloudLab, LAB_ALICLOUD_CREDENTIALS } from '../../lab/alicloud-lab';
import type { AlicloudLab } from '../../lab/alicloud-lab';
import { startAwsLab } from '../../lab/aws-lab';
import type { AwsLab } from '../../lab/aws-lab';

export const AWS_PRIMARY = '10.20.1.10';
export const AWS_STANDBY = '10.20.2.20';
export const ALI_PRIMARY = '10.1.1.10';
export const ALI_STANDBY = '10.1.2.20';
export const ORDERS_ENDPOINT = 'orders.cluster-c9lab0000001.us-east-1.rds.amazonaws.com';
export const BILLING_ENDPOINT = 'rm-bp1billing01.mysql.rds.aliyuncs.com';

/** What a CLI process said. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliLab {
  readonly aws: AwsLab;
  readonly ali: AlicloudLab;
  readonly targetGroupArn: string;
  readonly serverGroupId: string;
  /** The bindings file: `orders` on the AWS target group, `billing` on the Alibaba NLB server group. */
  readonly bindingsFile: string;
  /** A scratch directory (HOME of the CLI processes, so no real credentials file is read). */
  readonly dir: string;
  /** `ip:port state` of every target, sorted. */
  targets(): string[];
  /** `ip:port Status` of every NLB server, sorted. */
  nlbServers(): string[];
  /** Runs the CLI as a process: `command` is `[executable, ...leading args]`. */
  run(command: readonly string[], args: readonly string[], env?: NodeJS.ProcessEnv): Promise<CliResult>;
  close(): Promise<void>;
}

/**
 * Both labs in this process, on loopback, each database already failed over in DNS while its load
 * balancer still points at the old primary: drift on both clouds. CLI processes reach the emulators
 * through the `AWS_ENDPOINT_URL_*` and `ALICLOUD_ENDPOINT_*` variables the labs set, with the lab's
 * keys as the caller's own credentials. One DNS server (the AWS lab's) answers for both names.
 */
export async function startCliLab(): Promise<CliLab> {
  const aws = await startAwsLab();
  const ali = await startAlicloudLab();
  const targetGroupArn = aws.elbv2.createTargetGroup({
    name: 'orders-pg',
    port: 5432,
    healthyAfterMs: 300,
    drainMs: 60_000,
  });
  aws.elbv2.seedTarget(targetGroupArn, { id: AWS_PRIMARY, port: 5432, state: 'healthy' });
  const topicArn = aws.sns.createTopic('db-failover');
  aws.dns.setA(ORDERS_ENDPOINT, [AWS_STANDBY]);
  const serverGroupId = ali.nlb.createServerGroup({ port: 3306, addMs: 100, removeMs: 50 });
  ali.nlb.seedServer(serverGroupId, { ip: ALI_PRIMARY, port: 3306, status: 'Available' });
  aws.dns.setA(BILLING_ENDPOINT, [ALI_STANDBY]);

  const dir = mkdtempSync(join(tmpdir(), 'rfs-cli-'));
  const bindingsFile = join(dir, 'bindings.yml');
  writeFileSync(
    bindingsFile,
    `dns:
  servers: ["${aws.dns.address}"]
  timeoutMs: 1000
bindings:
  - name: orders
    endpoint: ${ORDERS_ENDPOINT}:5432
    source: { aws: { cluster: orders } }
    pools: [{ aws-elbv2: { targetGroupArn: "${targetGroupArn}" } }]
    allowedCidrs: [10.20.0.0/16]
    alert: { sns: "${topicArn}" }
    policy: { healthPollMs: 100, healthTimeoutSeconds: 20 }
  - name: billing
    endpoint: ${BILLING_ENDPOINT}:3306
    source: { alicloud: { instance: rm-bp1billing01 } }
    pools: [{ alicloud-nlb: { region: cn-hangzhou, serverGroupId: ${serverGroupId} } }]
    allowedCidrs: [10.0.0.0/8]
    alert: { cloudMonitor: { region: cn-hangzhou } }
    policy: { healthPollMs: 100, healthTimeoutSeconds: 20 }
`,
  );
  // Only what a caller's shell would hold: the labs' endpoints and keys, PATH, a HOME of our own.
  const baseEnv = (): NodeJS.ProcessEnv => ({
    ...process.env,
    HOME: dir,
    ALIBABA_CLOUD_ACCESS_KEY_ID: LAB_ALICLOUD_CREDENTIALS.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: LAB_ALICLOUD_CREDENTIALS.accessKeySecret,
    ALIBABA_CLOUD_SECURITY_TOKEN: LAB_ALICLOUD_CREDENTIALS.securityToken,
    // Jest's own variables make nothing of the CLI's behave differently; colours would.
    NO_COLOR: '1',
  });
  return {
    aws,
    ali,
    targetGroupArn,
    serverGroupId,
    bindingsFile,
    dir,
    targets: () =>
      aws.elbv2
        .targets(targetGroupArn)
        .map((t) => `${t.id}:${t.port} ${t.state}`)
        .sort(),
    nlbServers: () =>
      ali.nlb
        .servers(serverGroupId)
        .map((s) => `${s.ip}:${s.port} ${s.status}`)
        .sort(),
    // Asynchronous on purpose: the emulators answer from this process's event loop.
    run: ([file, ...lead], args, env = {}) =>
      new Promise((resolve) => {
        execFile(
          file ?? 'node',
          [...lead, ...args],
          { env: { ...baseEnv(), ...env }, cwd: dir, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
            resolve({ code, stdout, stderr });
          },
        );
      }),
    close: async () => {
      await ali.close();
      await aws.close();
    },
  };
}
