import { build } from 'esbuild';
import type { BuildOptions } from 'esbuild';
import { join } from 'node:path';
import { COMMON_BUNDLE } from '../bundling/options';

const ROOT = join(__dirname, '..', '..');

/**
 * The installed CLI: one self-contained CommonJS file, so `rds-failover-sync` runs from an installed
 * package without TypeScript, tsx or the lab's devDependencies (the drill's DNS server needs
 * dns-packet). Names are kept (`ConfigError`, `ThrottlingException` read as such in messages).
 */
export const CLI_BUNDLE = {
  ...COMMON_BUNDLE,
  entryPoints: [join(ROOT, 'bin', 'rds-failover-sync.ts')],
  target: 'node20',
  logLevel: 'warning',
} as const satisfies BuildOptions;

/** Builds the CLI to `outfile` (default `dist/cli.js`). */
export async function buildCli(outfile: string = join(ROOT, 'dist', 'cli.js')): Promise<string> {
  await build({ ...CLI_BUNDLE, outfile });
  return outfile;
}

if (require.main === module) {
  buildCli(process.argv[2]).then(
    (outfile) => process.stdout.write(`built ${outfile}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
