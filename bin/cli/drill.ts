import { runDrill } from '../../lab/drill';
import { alicloudFailoverDrill } from '../../lab/drill/alicloud-failover';
import { awsFailoverDrill } from '../../lab/drill/aws-failover';
import type { CliIo } from './commands';
import type { CliOptions } from './args';
import { ExitCode } from './exit-codes';

/** `drill`: the lab's failovers, as text (`npm start`) or as one JSON document. */
export async function drill(options: CliOptions, io: CliIo): Promise<number> {
  if (!options.json) return runDrill({ verbose: options.verbose });
  const log = options.verbose ? { log: (line: string) => io.err(`${line}\n`) } : {};
  const results = [await awsFailoverDrill(log), await alicloudFailoverDrill(log)];
  const consistent = results.every((r) => !r.error && r.checks.every((c) => c.ok));
  const drills = results.map(({ title, timeline, checks, error }) => ({
    title,
    timeline,
    checks,
    ...(error ? { error } : {}),
  }));
  io.out(`${JSON.stringify({ command: 'drill', consistent, drills }, null, 2)}\n`);
  return consistent ? ExitCode.InSync : ExitCode.Attention;
}
