/**
 * `npm run bench`: the figures of issue 7, printed side by side, never asserted. Each bundle is built
 * with the project's own bundling configuration (`bin/bundling/options.ts`), next to a floor built the
 * same way: a bare handler importing only the clients the function needs. The lab runs the real clients
 * over loopback, with an emulated latency per call, and ELBv2 throttling as AWS documents its bucket.
 */
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { BuildOptions } from 'esbuild';
import { ELBV2_THROTTLE } from '../lab/aws/elbv2-emulator';
import { CLIENT_CONNECTIONS_HEADER, clientConnectionRows } from './client-connections';
import { startAwsLab } from '../lab/aws-lab';
import type { AwsLab } from '../lab/aws-lab';
import { labConfig } from '../lab/aws-bindings';
import type { LabBinding } from '../lab/aws-bindings';
import { alicloudBundle, awsBundle, EVERY_AWS_CLIENT } from '../bin/bundling/options';
import { bucketFloorMs } from '../shared/core/token-bucket';
import { createLogger } from '../shared/log/logger';
import { createApiBudget } from '../shared/platform/api-budget';
import { createAwsRuntime } from '../shared/platform/aws';
import { reconcile } from '../shared/reconcile';
import type { Report } from '../shared/core/report';

const ROOT = join(__dirname, '..');
const LATENCY_MS = 50;
const quiet = createLogger({ write: () => undefined });

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;

/** Bundles an entry (a file, or source text resolved from the project) and returns the file. */
async function bundle(
  options: BuildOptions,
  entry: { file: string } | { source: string },
): Promise<{ file: string; bytes: number }> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'rfs-bench-')), 'index.js');
  const result = await build({
    ...options,
    ...('file' in entry
      ? { entryPoints: [join(ROOT, entry.file)] }
      : { stdin: { contents: entry.source, resolveDir: ROOT, loader: 'ts' } }),
    outfile,
    logLevel: 'error',
    metafile: true,
  });
  const bytes = Object.values(result.metafile.outputs)[0]?.bytes ?? NaN;
  return { file: outfile, bytes };
}

/**
 * Milliseconds for a fresh node process to load each bundle: the module-init part of a cold start. The
 * bundles take turns, 11 rounds, and each gets its median: a busy machine slows them all alike.
 */
function coldImportMs(files: readonly string[]): number[] {
  const probe = join(mkdtempSync(join(tmpdir(), 'rfs-bench-')), 'probe.js');
  writeFileSync(
    probe,
    `const t=process.hrtime.bigint();require(process.argv[2]);console.log(Number(process.hrtime.bigint()-t)/1e6)`,
  );
  const times = files.map((): number[] => []);
  for (let round = 0; round < 11; round += 1) {
    files.forEach((file, i) =>
      times[i]?.push(Number(execFileSync(process.execPath, ['--no-warnings', probe, file]).toString())),
    );
  }
  return times.map(median);
}

// The floors: what a handler that only makes the calls costs, with nothing of ours around them.
const AWS_FLOOR = `
import { ElasticLoadBalancingV2Client, DescribeTargetHealthCommand, RegisterTargetsCommand, DeregisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
const elbv2 = new ElasticLoadBalancingV2Client({});
const sns = new SNSClient({});
export const handler = async (e: { arn: string; topic: string }) => {
  await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: e.arn }));
  await elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: e.arn, Targets: [] }));
  await elbv2.send(new DeregisterTargetsCommand({ TargetGroupArn: e.arn, Targets: [] }));
  await sns.send(new PublishCommand({ TopicArn: e.topic, Message: 'x' }));
};`;
const ALICLOUD_FLOOR = `
import RPCClient from '@alicloud/pop-core';
export const handler = async (e: { id: string }) =>
  new RPCClient({ endpoint: 'https://nlb.cn-hangzhou.aliyuncs.com', apiVersion: '2022-04-30', accessKeyId: 'a', accessKeySecret: 'b' })
    .request('ListServerGroupServers', { ServerGroupId: e.id }, { method: 'POST' });`;

/** Where the Alibaba floor stands in `bundleRows`' list. */
const ALICLOUD_FLOOR_ROW = 6;

/** The AWS bundle for bindings with target groups only: no RDS, Route 53, STS or Secrets Manager client, no database driver. */
const AWS_ELBV2_ONLY = awsBundle({
  rdsWriter: false,
  route53: false,
  assumeRole: false,
  secretsLogin: false,
  writableCheck: false,
});

async function bundleRows(): Promise<string[]> {
  const entries: [
    name: string,
    options: BuildOptions,
    entry: { file: string } | { source: string },
    floor?: number,
  ][] = [
    // Row 0 is the AWS floor, row ALICLOUD_FLOOR_ROW the Alibaba one: the rows after each compare to it.
    ['AWS floor: bare handler, ELBv2 + SNS clients', AWS_ELBV2_ONLY, { source: AWS_FLOOR }],
    [
      'AWS functions/aws/reconcile.ts, target groups only',
      AWS_ELBV2_ONLY,
      { file: 'functions/aws/reconcile.ts' },
      0,
    ],
    [
      'AWS functions/aws/rds-event.ts, target groups only',
      AWS_ELBV2_ONLY,
      { file: 'functions/aws/rds-event.ts' },
      0,
    ],
    [
      'AWS functions/aws/reconcile.ts, + Secrets Manager login',
      awsBundle({
        rdsWriter: false,
        route53: false,
        assumeRole: false,
        secretsLogin: true,
        writableCheck: false,
      }),
      { file: 'functions/aws/reconcile.ts' },
      0,
    ],
    [
      'AWS functions/aws/reconcile.ts, + Secrets Manager login, writability check (mysql2, pg)',
      awsBundle({
        rdsWriter: false,
        route53: false,
        assumeRole: false,
        secretsLogin: true,
        writableCheck: true,
      }),
      { file: 'functions/aws/reconcile.ts' },
      0,
    ],
    [
      'AWS functions/aws/reconcile.ts, + RDS writer, Route 53, STS, Secrets Manager, writability check',
      awsBundle(EVERY_AWS_CLIENT),
      { file: 'functions/aws/reconcile.ts' },
      0,
    ],
    [
      'Alibaba floor: bare handler, pop-core',
      alicloudBundle({ snsAlerts: false, writableCheck: false }),
      { source: ALICLOUD_FLOOR },
    ],
    [
      'Alibaba functions/alicloud/reconcile.ts, no SNS alert',
      alicloudBundle({ snsAlerts: false, writableCheck: false }),
      { file: 'functions/alicloud/reconcile.ts' },
      ALICLOUD_FLOOR_ROW,
    ],
    [
      'Alibaba functions/alicloud/reconcile.ts, an SNS alert',
      alicloudBundle({ snsAlerts: true, writableCheck: false }),
      { file: 'functions/alicloud/reconcile.ts' },
      ALICLOUD_FLOOR_ROW,
    ],
    [
      'Alibaba functions/alicloud/reconcile.ts, no SNS alert, + writability check (mysql2, pg)',
      alicloudBundle({ snsAlerts: false, writableCheck: true }),
      { file: 'functions/alicloud/reconcile.ts' },
      ALICLOUD_FLOOR_ROW,
    ],
  ];
  const built = await Promise.all(entries.map(([, options, entry]) => bundle(options, entry)));
  const ms = coldImportMs(built.map((b) => b.file));
  return entries.map(([name, , , floor], i) => {
    const bytes = built[i]?.bytes ?? NaN;
    const own = ms[i] ?? NaN;
    const vs =
      floor === undefined
        ? ''
        : ` (floor + ${kib(bytes - (built[floor]?.bytes ?? NaN))}, + ${(own - (ms[floor] ?? NaN)).toFixed(1)} ms)`;
    return `| ${name} | ${kib(bytes)} | ${own.toFixed(1)} ms${vs} |`;
  });
}

interface World {
  readonly lab: AwsLab;
  readonly bindings: LabBinding[];
}

/** `count` bindings, each with its own target group holding its database's current IP. */
async function world(count: number, options: { latencyMs?: number; throttle?: boolean }): Promise<World> {
  const lab = await startAwsLab({
    ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}),
    ...(options.throttle ? { elbv2Throttle: ELBV2_THROTTLE } : {}),
  });
  const topicArn = lab.sns.createTopic('bench');
  const bindings = Array.from({ length: count }, (_, i): LabBinding => {
    const name = `db${i}`;
    const endpoint = `${name}.cluster-bench.us-east-1.rds.amazonaws.com`;
    const targetGroupArn = lab.elbv2.createTargetGroup({ name, port: 5432 });
    const ip = `10.20.${Math.floor(i / 250)}.${(i % 250) + 1}`;
    lab.elbv2.seedTarget(targetGroupArn, { id: ip, port: 5432, state: 'healthy' });
    lab.dns.setA(endpoint, [ip]);
    return { name, endpoint, source: 'cluster', targetGroupArn, topicArn, policy: '      healthPollMs: 250' };
  });
  return { lab, bindings };
}

async function run(w: World): Promise<{ report: Report; wallMs: number }> {
  const runtime = createAwsRuntime(labConfig(w.lab.dns.address, w.bindings), {
    log: quiet,
    budget: createApiBudget(),
  });
  const started = performance.now();
  const report = await reconcile(
    { kind: 'schedule' },
    { ...runtime, deadlineMs: Date.now() + 600_000, runId: randomUUID() },
  );
  return { report, wallMs: performance.now() - started };
}

const apiCalls = (lab: AwsLab) => lab.elbv2.calls.length + lab.sns.calls.length;

async function latencyRows(): Promise<string[]> {
  const rows: string[] = [];
  // No drift: one binding in sync.
  {
    const w = await world(1, { latencyMs: LATENCY_MS });
    try {
      await run(w); // warm the sockets and the SDK, as a warm Lambda has them
      const before = { api: apiCalls(w.lab), dns: w.lab.dns.queries.length };
      const { wallMs } = await run(w);
      rows.push(
        `| no-drift check, ${LATENCY_MS} ms per call | ${wallMs.toFixed(0)} ms | ${(wallMs / LATENCY_MS).toFixed(1)} | ${apiCalls(w.lab) - before.api} API calls, ${w.lab.dns.queries.length - before.dns} DNS queries |`,
      );
    } finally {
      await w.lab.close();
    }
  }
  // A swap: DNS moves, the new target is healthy at once.
  {
    const w = await world(1, { latencyMs: LATENCY_MS });
    try {
      await run(w);
      const binding = w.bindings[0] as LabBinding;
      const before = { api: apiCalls(w.lab), dns: w.lab.dns.queries.length };
      w.lab.dns.setA(binding.endpoint, ['10.20.9.9']);
      const changedAt = Date.now();
      const { wallMs, report } = await run(w);
      const register = w.lab.elbv2.calls.find((c) => c.action === 'RegisterTargets');
      const actions = w.lab.elbv2.calls
        .slice(before.api)
        .map((c) => c.action.replace('Targets', '').replace('DescribeTargetHealth', 'Describe'));
      rows.push(
        `| swap, ${LATENCY_MS} ms per call (${report.bindings[0]?.outcome}) | ${wallMs.toFixed(0)} ms | ${(wallMs / LATENCY_MS).toFixed(1)} | ${actions.join(', ')}; ${w.lab.dns.queries.length - before.dns} DNS queries; DNS change to RegisterTargets ${register ? register.at - changedAt : NaN} ms |`,
      );
    } finally {
      await w.lab.close();
    }
  }
  return rows;
}

async function scheduleRows(): Promise<string[]> {
  const rows: string[] = [];
  for (const count of [1, 10, 100, 500]) {
    const w = await world(count, { throttle: true });
    try {
      const { report, wallMs } = await run(w);
      const describes = w.lab.elbv2.calls.filter((c) => c.action.startsWith('Describe')).length;
      const floorMs = bucketFloorMs(ELBV2_THROTTLE.describe, describes);
      const throttled = [...w.lab.elbv2.throttled.values()].reduce((a, b) => a + b, 0);
      const failed = report.bindings.filter((b) => b.outcome === 'failed' || b.outcome === 'refused').length;
      const over = floorMs > 0 ? `${(((wallMs - floorMs) / floorMs) * 100).toFixed(1)}%` : 'n/a';
      rows.push(
        `| ${count} | ${describes} | ${(wallMs / 1000).toFixed(2)} s | ${(floorMs / 1000).toFixed(2)} s | ${over} | ${throttled} | ${failed} |`,
      );
    } finally {
      await w.lab.close();
    }
  }
  return rows;
}

async function main(): Promise<void> {
  process.removeAllListeners('warning');
  const started = performance.now();
  console.log(
    `rds-failover-sync bench, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}`,
  );
  console.log('(figures only, no thresholds)\n');
  console.log(
    '| bundle (minified, keepNames) | size | cold import (median of 11, interleaved) |\n|---|---|---|',
  );
  for (const row of await bundleRows()) console.log(row);
  console.log(
    `\n| run (lab, loopback + emulated latency) | wall | wall / ${LATENCY_MS} ms | calls |\n|---|---|---|---|`,
  );
  for (const row of await latencyRows()) console.log(row);
  console.log(
    '\n| scheduled run, bindings with their own target groups (ELBv2 Describe bucket 40, 10/s) | describes | wall | bucket floor | over floor | throttled | failed bindings |\n|---|---|---|---|---|---|---|',
  );
  for (const row of await scheduleRows()) console.log(row);
  console.log(`\n${CLIENT_CONNECTIONS_HEADER}`);
  for (const row of await clientConnectionRows()) console.log(row);
  console.log(
    '\nbindings sharing one target group: not measured. Configuration validation refuses two bindings on one pool (shared/config/shared-pools.ts), so there is no such run to bench.',
  );
  console.log(
    `\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; bench took ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

void main();
