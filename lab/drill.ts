import { alicloudFailoverDrill } from './drill/alicloud-failover';
import { awsFailoverDrill } from './drill/aws-failover';
import { awsWriterFailoverDrill } from './drill/aws-writer-failover';
import type { DrillResult } from './drill/aws-failover';
import { formatTimeline } from './drill/timeline';

/**
 * `npm start`: runs every drill in the lab, prints each timeline and what the world looks like
 * afterwards, and returns 0 only when every world ended consistent.
 */
export async function runDrill(options: { verbose: boolean }): Promise<number> {
  quietNodeVersionWarning();
  const log = options.verbose ? (line: string) => process.stderr.write(`${line}\n`) : undefined;
  const results: DrillResult[] = [
    await awsFailoverDrill(log ? { log } : {}),
    await awsWriterFailoverDrill(log ? { log } : {}),
    await alicloudFailoverDrill(log ? { log } : {}),
  ];
  for (const result of results) {
    console.log(`\n${result.title}\n`);
    console.log(formatTimeline(result.timeline));
    console.log('');
    for (const check of result.checks) console.log(`  ${check.ok ? 'ok  ' : 'FAIL'}  ${check.what}`);
    if (result.error) console.log(`  error: ${result.error}`);
  }
  const consistent = results.every((r) => !r.error && r.checks.every((c) => c.ok));
  console.log(
    `\n${consistent ? 'CONSISTENT: every load balancer follows its database.' : 'INCONSISTENT: see FAIL above.'}`,
  );
  return consistent ? 0 : 1;
}

/**
 * The AWS SDK warns on every Node below 22 that future versions will need it. The functions deploy on
 * nodejs22.x; on a laptop with Node 20 the warning would only bury the timeline, so the drill drops that
 * one warning and prints every other.
 */
function quietNodeVersionWarning(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (!warning.message.includes('NodeVersionSupportWarning'))
      process.stderr.write(`${warning.stack ?? warning}\n`);
  });
}
