import { build } from 'esbuild';
import type { BuildOptions } from 'esbuild';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * The installed CLI: one self-contained CommonJS file, so `rds-failover-sync` runs from an installed
 * package without TypeScript, tsx or the lab's devDependencies (the drill's DNS server needs
 * dns-packet). Names are kept (`ConfigError`, `ThrottlingException` read as such in messages).
 */
export const CLI_BUNDLE = {
  entryPoints: [join(ROOT, 'bin', 'rds-failover-sync.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  mainFields: ['module', 'main'],
  minify: true,
  keepNames: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  // tsconfig's `strict` implies `alwaysStrict`, for which esbuild starts the whole CommonJS bundle with
  // "use strict": the dependencies' sloppy code then runs strict, and tablestore's
  // `for (key in primaryKeys[i])` (lib/protocol/plian_buffer_builder.js) throws "key is not defined" on
  // the first lease. Our own modules are ES modules, strict by definition; tsc still checks them strict.
  tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
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
