import { ConfigError } from '../../shared/config/errors';
import { MissingSettingsError, UsageError } from './errors';

/**
 * Runs a script's `main` and exits with its code. A mistake the user can fix (arguments, missing
 * settings, a bad bindings file) prints what to fix and exits 2; anything else prints the error and
 * exits 1. Credentials never reach these messages: the errors carry names, not values.
 */
export function runScript(script: string, usage: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError) {
        process.stderr.write(`${script}: ${error.message}\n\n${usage}`);
      } else if (error instanceof MissingSettingsError || error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n`);
      } else {
        const { name, message } = error as Error;
        process.stderr.write(`${script}: ${name}: ${message}\n`);
        process.exit(1);
      }
      process.exit(2);
    },
  );
}
