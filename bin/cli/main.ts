import { ConfigError } from '../../shared/config/errors';
import { UnknownBindingError } from '../../shared/reconcile/select';
import { parseCli } from './args';
import { apply, check, look, processIo } from './commands';
import type { CliIo } from './commands';
import { drill } from './drill';
import { AlicloudCredentialsMissingError, ConfirmationImpossibleError, UsageError } from './errors';
import { ExitCode } from './exit-codes';
import { USAGE } from './usage';
import { quietWarnings } from './quiet-warnings';
import { packageVersion } from './version';

/** Runs one command line and returns its exit status (see `ExitCode`); never throws. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  quietWarnings();
  try {
    const request = parseCli(argv);
    switch (request.kind) {
      case 'version':
        io.out(`rds-failover-sync ${packageVersion()}\n`);
        return ExitCode.InSync;
      case 'help':
        io.out(USAGE[request.command ?? 'main']);
        return ExitCode.InSync;
      case 'run': {
        const { command, options } = request;
        // The SDK's default chain reads the profile from the environment, before any client is made.
        if (options.profile) process.env.AWS_PROFILE = options.profile;
        switch (command) {
          case 'check':
            return await check(options, io);
          case 'plan':
            return await look(options, io, 'plan');
          case 'status':
            return await look(options, io, 'status');
          case 'apply':
            return await apply(options, io);
          case 'drill':
            return await drill(options, io);
        }
      }
    }
  } catch (error) {
    return reportError(error, io);
  }
}

/** An error at the edge: a known one is a message and exit 2; anything else is a bug, with its stack. */
function reportError(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    const help = error.command ? `rds-failover-sync ${error.command} --help` : 'rds-failover-sync --help';
    io.err(`rds-failover-sync: ${error.message}\nRun '${help}' for usage.\n`);
    return ExitCode.Usage;
  }
  if (
    error instanceof ConfigError ||
    error instanceof UnknownBindingError ||
    error instanceof AlicloudCredentialsMissingError ||
    error instanceof ConfirmationImpossibleError
  ) {
    io.err(`rds-failover-sync: ${error.message}\n`);
    return ExitCode.Usage;
  }
  io.err(
    `rds-failover-sync: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return ExitCode.Failure;
}
