import { parseArgs } from 'node:util';
import { ConfigError } from '../shared/config/errors';
import { UnknownBindingError } from '../shared/reconcile/select';
import { runDrill } from '../lab/drill';
import { check, run } from './cli-commands';
import type { CliOptions } from './cli-commands';

const USAGE = `usage: rds-failover-sync <command> [options]

commands:
  drill                 run a simulated failover in the local lab (no cloud account) and print its timeline
  check                 validate the bindings file
  plan                  show what a reconcile would change (dry run, the default way to look)
  apply                 reconcile for real: add, wait healthy, then remove

options:
  -c, --config FILE     bindings file (default: bindings.yml)
  -b, --binding NAME    only this binding (repeatable; default: all)
      --json            print the JSON report instead of the summary
  -v, --verbose         also print the structured log lines (stderr)
`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c', default: 'bindings.yml' },
      binding: { type: 'string', short: 'b', multiple: true, default: [] },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', short: 'v', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const options: CliOptions = {
    config: values.config,
    bindings: values.binding,
    json: values.json,
    verbose: values.verbose,
  };
  const [command] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  switch (command) {
    case 'drill':
      return runDrill({ verbose: options.verbose });
    case 'check':
      return check(options);
    case 'plan':
      return run(options, true);
    case 'apply':
      return run(options, false);
    default:
      process.stderr.write(`unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known =
      error instanceof ConfigError || error instanceof UnknownBindingError || error instanceof TypeError;
    process.stderr.write(
      `rds-failover-sync: ${known ? (error as Error).message : String((error as Error).stack)}\n`,
    );
    process.exit(2);
  },
);
