import { randomUUID } from 'node:crypto';
/**
 * `npm run bench`: the figures we watch, printed, never asserted. What a function costs to ship and to
 * start, what the pure plan costs, and what one in-sync reconcile costs over the wire in the lab.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { plan } from '../shared/core/plan';
import type { Backend } from '../shared/core/types';
import { reconcile } from '../shared/reconcile';
import { createLogger } from '../shared/log/logger';
import { createAwsRuntime } from '../shared/platform/aws';
import { startAwsLab } from '../lab/aws-lab';
import { labConfig } from '../lab/lab-bindings';
import { alicloudLabConfig } from '../lab/alicloud-bindings';
import { LAB_ALICLOUD_CREDENTIALS, startAlicloudLab } from '../lab/alicloud-lab';
import { createAlicloudRuntime } from '../shared/platform/alicloud';

const ROOT = join(__dirname, '..');
const HANDLERS = [
  'functions/aws/rds-event.ts',
  'functions/aws/reconcile.ts',
  'functions/alicloud/rds-event.ts',
  'functions/alicloud/reconcile.ts',
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Bundles a handler the way serverless-esbuild does (minified, SDK included) and measures it. */
function bundle(entry: string): { bytes: number; gzipBytes: number; file: string } {
  const out = join(mkdtempSync(join(tmpdir(), 'rfs-bench-')), 'index.js');
  buildSync({
    entryPoints: [join(ROOT, entry)],
    outfile: out,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    mainFields: ['module', 'main'],
    logLevel: 'error',
  });
  const code = readFileSync(out);
  return { bytes: code.length, gzipBytes: gzipSync(code).length, file: out };
}

/** Milliseconds for a fresh node process to load the bundle: the module-init part of a cold start. */
function loadMs(file: string): number {
  const probe = join(mkdtempSync(join(tmpdir(), 'rfs-bench-')), 'probe.js');
  writeFileSync(
    probe,
    `const t=process.hrtime.bigint();require(${JSON.stringify(file)});console.log(Number(process.hrtime.bigint()-t)/1e6)`,
  );
  return median(
    Array.from({ length: 7 }, () =>
      Number(execFileSync(process.execPath, ['--no-warnings', probe]).toString()),
    ),
  );
}

function planThroughput(): number {
  const current: Backend[] = [
    { ip: '10.0.1.10', port: 5432, health: 'healthy', state: 'healthy' },
    { ip: '10.0.2.20', port: 5432, health: 'pending', state: 'initial' },
  ];
  const input = {
    resolution: { ok: true as const, addresses: ['10.0.2.20'], ttlSeconds: 5, chain: [], server: 'bench' },
    port: 5432,
    current,
    policy: { allowedCidrs: ['10.0.0.0/8'], maxBackends: 1, onHealthTimeout: 'keep-old' as const },
    healthDeadlinePassed: false,
  };
  const runs = 200_000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i += 1) plan(input);
  return runs / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function inSyncReconcileMs(): Promise<number> {
  const lab = await startAwsLab();
  try {
    const targetGroupArn = lab.elbv2.createTargetGroup({ name: 'bench', port: 5432 });
    const topicArn = lab.sns.createTopic('bench');
    lab.elbv2.seedTarget(targetGroupArn, { id: '10.20.1.10', port: 5432, state: 'healthy' });
    lab.dns.setA('bench.cluster-lab.us-east-1.rds.amazonaws.com', ['10.20.1.10']);
    const config = labConfig(lab.dns.address, [
      {
        name: 'bench',
        endpoint: 'bench.cluster-lab.us-east-1.rds.amazonaws.com',
        source: 'cluster',
        targetGroupArn,
        topicArn,
      },
    ]);
    const runtime = createAwsRuntime(config, { log: createLogger({ write: () => undefined }) });
    const times: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const start = process.hrtime.bigint();
      await reconcile(
        { kind: 'schedule' },
        { ...runtime, deadlineMs: Date.now() + 60_000, runId: randomUUID() },
      );
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return median(times.slice(5)); // the first runs warm up the SDK and the sockets
  } finally {
    await lab.close();
  }
}

async function alicloudInSyncReconcileMs(): Promise<number> {
  const lab = await startAlicloudLab();
  try {
    const serverGroupId = lab.nlb.createServerGroup({ port: 3306 });
    lab.nlb.seedServer(serverGroupId, { ip: '10.1.1.10', port: 3306, status: 'Available' });
    lab.dns.setA('rm-bench.mysql.rds.aliyuncs.com', ['10.1.1.10']);
    const config = alicloudLabConfig(lab.dns.address, [
      {
        name: 'bench',
        instance: 'rm-bench',
        endpoint: 'rm-bench.mysql.rds.aliyuncs.com',
        pools: `      - alicloud-nlb: { region: cn-hangzhou, serverGroupId: ${serverGroupId} }`,
      },
    ]);
    const runtime = createAlicloudRuntime(config, LAB_ALICLOUD_CREDENTIALS, {
      log: createLogger({ write: () => undefined }),
    });
    const times: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const start = process.hrtime.bigint();
      await reconcile(
        { kind: 'schedule' },
        { ...runtime, deadlineMs: Date.now() + 60_000, runId: randomUUID() },
      );
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return median(times.slice(5));
  } finally {
    await lab.close();
  }
}

async function main(): Promise<void> {
  process.removeAllListeners('warning');
  console.log('rds-failover-sync bench (figures only, no thresholds)\n');
  for (const entry of HANDLERS) {
    const { bytes, gzipBytes, file } = bundle(entry);
    console.log(
      `bundle ${entry}: ${(bytes / 1024).toFixed(0)} KiB minified, ${(gzipBytes / 1024).toFixed(0)} KiB gzip, module load ${loadMs(file).toFixed(0)} ms (median of 7)`,
    );
  }
  console.log(`plan(): ${(planThroughput() / 1e6).toFixed(2)} M calls/s`);
  console.log(
    `in-sync scheduled reconcile, one AWS binding, lab over loopback: ${(await inSyncReconcileMs()).toFixed(1)} ms (median of 25)`,
  );
  console.log(
    `in-sync scheduled reconcile, one Alibaba NLB binding, signed RPC over loopback: ${(await alicloudInSyncReconcileMs()).toFixed(1)} ms (median of 25)`,
  );
}

void main();
