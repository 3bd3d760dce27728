import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');

/** What a fresh clone holds that `serverless package` and `invoke local` read. */
const SERVICE_FILES = [
  'serverless.yml',
  'package.json',
  'tsconfig.json',
  'bin/serverless-vars.cjs',
  'bin/serverless-monitoring.cjs',
  'bin/serverless-secret-statements.cjs',
  'bin/serverless-esbuild.cjs',
  'bin/bundling',
  'functions',
  'shared',
];

/**
 * Copies the service (sources, serverless.yml, the vars file; node_modules linked) to a temporary
 * directory, returned: serverless-esbuild builds in `.esbuild/` and writes to `.serverless/` of the
 * service directory, so runs must not share one, nor the working tree's.
 */
export function copyService(prefix: string, extra: readonly string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const path of [...SERVICE_FILES, ...extra]) {
    cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}
