import { envReferenceProblems } from '../../shared/config/env-references';
import { loadConfig } from '../../shared/config/load';
import { platformOf } from '../../shared/core/config-types';
import type { PoolConfig } from '../../shared/core/config-types';
import { summarize } from '../../shared/alert/message';
import type { Report } from '../../shared/core/report';
import { createLogger } from '../../shared/log/logger';
import { findAlicloudCredentials } from './alicloud-credentials';
import type { CliOptions } from './args';
import { confirm } from './confirm';
import { ConfirmationImpossibleError } from './errors';
import { ExitCode, exitCodeOf } from './exit-codes';
import { planOf } from './plan-view';
import { planText } from './plan-text';
import { probeText } from './probe-text';
import { createProgress } from './progress';
import { reconcileFromCli } from './run-reconcile';
import { statusText } from './status-text';

/** Where a command writes and what it knows of its terminal; tests pass their own. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly stdinIsTty: boolean;
  readonly stderrIsTty: boolean;
  readonly ask: (question: string) => Promise<boolean>;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  stdinIsTty: Boolean(process.stdin.isTTY),
  stderrIsTty: Boolean(process.stderr.isTTY),
  ask: (question) => confirm(question),
};

/** `check`: validates the bindings file and lists what it holds. Throws `ConfigError` (exit 2). */
export async function check(options: CliOptions, io: CliIo): Promise<number> {
  const config = await loadConfig(options.config);
  const alicloud = config.bindings.some((b) => b.pools.some((p) => platformOf(p) === 'alicloud'));
  const found = alicloud ? findAlicloudCredentials() : undefined;
  const credentials = {
    aws: process.env.AWS_PROFILE ? `profile ${process.env.AWS_PROFILE}` : 'the SDK default chain',
    ...(alicloud ? { alicloud: found?.from ?? 'none found: plan and apply would stop (exit 2)' } : {}),
  };
  const bindings = config.bindings.map((b) => ({
    name: b.name,
    endpoint: `${b.endpoint.host}:${b.endpoint.port}`,
    mode: b.policy.mode,
    pools: b.pools.map((p) => ({ cloud: platformOf(p), pool: poolName(p) })),
    ...(b.probe ? { probe: probeText(b.probe) } : {}),
  }));
  if (options.json) {
    io.out(
      `${JSON.stringify({ command: 'check', file: options.config, valid: true, bindings, credentials }, null, 2)}\n`,
    );
    return ExitCode.InSync;
  }
  for (const b of bindings) {
    io.out(`${b.name}: ${b.endpoint} (${b.mode})\n`);
    for (const p of b.pools) io.out(`  ${p.cloud}: ${p.pool}\n`);
    if (b.probe) io.out(`  before an add: ${b.probe}\n`);
  }
  io.out(
    `${options.config}: ${config.bindings.length} binding(s), valid.\n` +
      `credentials: AWS from ${credentials.aws}` +
      (credentials.alicloud ? `; Alibaba Cloud from ${credentials.alicloud}` : '') +
      '\n',
  );
  // Not a fault of the file: the functions resolve these in their own environment, where the deploy
  // passes the deploying shell's values on. Said here so that a missing one is not first met there.
  for (const problem of envReferenceProblems(config.bindings, process.env)) {
    io.err(`note: ${problem} here; set it where you deploy, the functions need it\n`);
  }
  return ExitCode.InSync;
}

function poolName(pool: PoolConfig): string {
  switch (pool.kind) {
    case 'aws-elbv2':
      return `aws-elbv2 ${pool.targetGroupArn}`;
    case 'aws-route53-record':
      return `aws-route53-record ${pool.hostedZoneId}/${pool.recordName}`;
    case 'alicloud-nlb':
      return `alicloud-nlb ${pool.region}/${pool.serverGroupId}`;
    case 'alicloud-clb':
      return `alicloud-clb ${pool.region}/${pool.loadBalancerId}/${pool.vServerGroupId}`;
  }
}

/** `plan` and `status`: one dry run, read as a plan or as a status table. */
export async function look(options: CliOptions, io: CliIo, as: 'plan' | 'status'): Promise<number> {
  const config = await loadConfig(options.config);
  const report = await reconcileFromCli({
    config,
    bindings: options.bindings,
    dryRun: true,
    log: logFor(options, io),
  });
  const plans = planOf(report, config);
  const exitCode = exitCodeOf(report);
  if (options.json) {
    io.out(
      `${JSON.stringify({ command: as, exitCode, bindings: plans, ...skippedOf(report), report }, null, 2)}\n`,
    );
  } else {
    io.out(as === 'plan' ? planText(plans) : statusText(plans));
    for (const s of report.skipped ?? []) io.out(`(${s.binding} skipped: ${s.reason})\n`);
  }
  return exitCode;
}

/**
 * `apply`: the plan first; when it would change something, a yes (asked on the terminal unless
 * `--yes`), then the real run with progress on stderr, and its report on stdout.
 */
export async function apply(options: CliOptions, io: CliIo): Promise<number> {
  const config = await loadConfig(options.config);
  const log = logFor(options, io);
  const planned = await reconcileFromCli({ config, bindings: options.bindings, dryRun: true, log });
  const plans = planOf(planned, config);
  const changes = plans.flatMap((p) => p.pools).filter((p) => p.wouldDo.length > 0).length;
  // With --json, stdout is the final document only: the plan goes where the question does.
  const show = options.json ? io.err : io.out;
  show(planText(plans));
  if (changes === 0) {
    const exitCode = exitCodeOf(planned);
    if (options.json) {
      io.out(`${JSON.stringify({ command: 'apply', exitCode, applied: false, report: planned }, null, 2)}\n`);
    }
    return exitCode;
  }
  if (!options.yes) {
    if (!io.stdinIsTty) {
      throw new ConfirmationImpossibleError(
        'apply: refusing to change pools without confirmation, and there is no terminal to ask on: pass --yes',
      );
    }
    if (!(await io.ask(`Apply these changes to ${changes} pool(s)? [y/N] `))) {
      io.err('Not applied: nothing was changed.\n');
      return ExitCode.Attention;
    }
  }
  const simulated = new Set(
    config.bindings.filter((b) => b.policy.mode === 'report-only').map((b) => b.name),
  );
  const progress = createProgress({ write: io.err, tty: io.stderrIsTty, simulated });
  let report: Report;
  try {
    report = await reconcileFromCli({
      config,
      bindings: options.bindings,
      dryRun: false,
      log,
      observe: progress.observe,
    });
  } finally {
    progress.stop();
  }
  const exitCode = exitCodeOf(report);
  if (options.json) {
    io.out(`${JSON.stringify({ command: 'apply', exitCode, applied: true, report }, null, 2)}\n`);
    return exitCode;
  }
  io.out('\n');
  for (const binding of report.bindings) io.out(`${summarize(binding, report.trigger)}\n\n`);
  const counts = Object.entries(report.outcomes).map(([outcome, n]) => `${n} ${outcome}`);
  io.out(`Apply: ${counts.join(', ') || 'nothing selected'}.\n`);
  return exitCode;
}

function skippedOf(report: Report) {
  return report.skipped ? { skipped: report.skipped } : {};
}

function logFor(options: CliOptions, io: CliIo) {
  return createLogger({ write: options.verbose ? (line) => io.err(`${line}\n`) : () => undefined });
}
