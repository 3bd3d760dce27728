import { randomUUID } from 'node:crypto';
import { summarize } from '../shared/alert/message';
import { loadConfig } from '../shared/config/load';
import type { PoolConfig } from '../shared/core/config-types';
import { needsAttention } from '../shared/core/report';
import type { Report } from '../shared/core/report';
import { createLogger } from '../shared/log/logger';
import { reconcile } from '../shared/reconcile';
import { createAwsRuntime } from '../shared/platform/aws';

export interface CliOptions {
  readonly config: string;
  readonly bindings: readonly string[];
  readonly verbose: boolean;
  readonly json: boolean;
}

/** How long a CLI run may take: a failover swap waits for health checks, which can take minutes. */
const CLI_DEADLINE_MS = 15 * 60_000;

/** `check`: validates the bindings file and lists what it holds. */
export async function check(options: CliOptions): Promise<number> {
  const config = await loadConfig(options.config);
  for (const b of config.bindings) {
    console.log(
      `${b.name}: ${b.endpoint.host}:${b.endpoint.port} -> ${b.pools.map(poolName).join(', ')} (${b.policy.mode})`,
    );
  }
  console.log(`${options.config}: ${config.bindings.length} binding(s), valid.`);
  return 0;
}

function poolName(pool: PoolConfig): string {
  switch (pool.kind) {
    case 'aws-elbv2':
      return pool.targetGroupArn;
    case 'aws-route53-record':
      return `${pool.hostedZoneId}/${pool.recordName}`;
    case 'alicloud-nlb':
      return `${pool.region}/${pool.serverGroupId}`;
    case 'alicloud-clb':
      return `${pool.region}/${pool.loadBalancerId}/${pool.vServerGroupId}`;
  }
}

/** `plan` (dry run) and `apply`: the same loop the functions run, on chosen bindings, printed for a person. */
export async function run(options: CliOptions, dryRun: boolean): Promise<number> {
  const config = await loadConfig(options.config);
  const log = createLogger({
    write: options.verbose ? (line) => process.stderr.write(`${line}\n`) : () => undefined,
  });
  const runtime = createAwsRuntime(config, { log });
  const trigger = {
    kind: 'manual' as const,
    dryRun,
    ...(options.bindings.length > 0 ? { bindings: options.bindings } : {}),
  };
  const report = await reconcile(trigger, {
    ...runtime,
    deadlineMs: runtime.clock.now() + CLI_DEADLINE_MS,
    runId: `cli-${randomUUID()}`,
  });
  print(report, options);
  return needsAttention(report) ? 1 : 0;
}

function print(report: Report, options: CliOptions): void {
  if (options.json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  for (const binding of report.bindings) console.log(`${summarize(binding, report.trigger)}\n`);
  const counts = Object.entries(report.outcomes).map(([outcome, n]) => `${n} ${outcome}`);
  console.log(`${report.dryRun ? 'Plan' : 'Apply'}: ${counts.join(', ') || 'nothing selected'}.`);
}
