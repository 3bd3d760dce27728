import type { PoolReport } from '../core/report';
import { RefusalReason } from '../core/refusal';
import type { AlertReport, SummaryLine } from './message';

/**
 * What an on-call engineer should do about a binding that was refused, failed or drifted, as the last
 * line of its alert: the likely cause for this kind of outcome, then the two commands that show and
 * repair it. A swap needs nothing done; it gets no advice.
 */
export function adviceFor(report: AlertReport): SummaryLine | undefined {
  const commands = [
    `see what the function sees: rds-failover-sync plan -b ${report.binding}`,
    `repair once the cause is fixed: rds-failover-sync apply -b ${report.binding} (or wait for the next scheduled run)`,
  ];
  const pool = report.pools.find((p) => p.outcome === report.outcome) ?? report.pools[0];
  switch (report.outcome) {
    case 'refused':
      return { text: `What to do: ${refusalAdvice(pool, report.binding)}`, details: commands };
    case 'failed':
      return { text: `What to do: ${failureAdvice(pool)}`, details: commands };
    case 'drift':
      return {
        text:
          report.mode === 'report-only'
            ? `What to do: this binding is report-only, so nothing was changed. Check the plan, then repair with apply, or set policy.mode: apply on '${report.binding}' to let the functions repair it.`
            : 'What to do: the pool differs in a way the function does not repair by itself; check the plan.',
        details: commands,
      };
    default:
      return undefined;
  }
}

function refusalAdvice(pool: PoolReport | undefined, binding: string): string {
  switch (pool?.refusal?.reason) {
    case RefusalReason.ResolutionFailed:
      return 'the endpoint did not resolve, so the pool was left as it was. Check that the name resolves from where the function runs (VPC DNS, the dns.servers setting) and that the database exists.';
    case RefusalReason.OutsideAllowedCidrs:
      return `the endpoint resolved outside allowedCidrs. If the database really moved there, add its range to allowedCidrs of '${binding}'; if not, treat the DNS answer as suspect.`;
    case RefusalReason.TooManyAddresses:
      return `the endpoint resolved to more addresses than maxBackends: is '${binding}' pointed at a reader endpoint? Use the writer (cluster) endpoint, or raise maxBackends.`;
    default:
      return 'a guard refused the change and the pool was left as it was; read the reason above.';
  }
}

function failureAdvice(pool: PoolReport | undefined): string {
  const code = pool?.error?.code;
  // A probe that held the change is the pool's reason and its last `probe` action's result.
  const heldByProbe = pool?.actions.some((a) => a.action === 'probe' && a.result === pool.reason);
  if (code === undefined && heldByProbe && / login-unavailable \(/.test(pool?.reason ?? '')) {
    return 'the writability check could not read its login. Make sure the secret named above exists, holds {"username": ..., "password": ...} as text, and that the role running this (the function, or you with the CLI) has secretsmanager:GetSecretValue on it, and kms:Decrypt on its key when that key is your own; then apply again.';
  }
  if (code === undefined && heldByProbe) {
    return "the new address did not pass the binding's probe, so it was not registered. Check that it is the database the binding expects, that it takes connections from where the function runs, and that it is the writer; then apply again.";
  }
  if (code === undefined) {
    return 'the new backends did not pass health checks in time (or the change could not finish). Check that the database accepts connections from the load balancer (security groups, port), then apply again.';
  }
  if (/denied|unauthori[sz]ed|forbidden|invalidaccesskey|signature/i.test(code)) {
    return `the cloud refused the call (${code}): give the function's role the permission named in the error, then apply again.`;
  }
  if (/throttl|limit|busy|toomany/i.test(code)) {
    return `the cloud throttled the calls (${code}): the next run retries; if it persists, look for other callers of the same API.`;
  }
  if (pool?.error?.step === 'lease') {
    return `the lease store failed (${code}): check the lease table (LEASE_TABLE or LEASE_TABLESTORE_*) and the role's access to it.`;
  }
  return `a call to the load balancer's API failed at ${pool?.error?.step ?? 'a step'} (${code}); the pool was left mid-change at worst with both backends. Apply again once the API answers.`;
}
