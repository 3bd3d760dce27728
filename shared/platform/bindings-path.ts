import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The bindings file a deployed function reads: `BINDINGS_FILE` (default `bindings.json`, the
 * validated bindings packaging writes as JSON), relative to the
 * function's code root, where the package puts it. The root is `LAMBDA_TASK_ROOT` on Lambda and
 * `FC_FUNC_CODE_PATH` on Function Compute; the working directory elsewhere.
 *
 * `serverless invoke local` sets `LAMBDA_TASK_ROOT=/var/task` on the developer's machine (osls,
 * lib/plugins/aws/invoke-local) while serverless-esbuild runs the handler from its build folder, where it
 * copied the file (the working directory): when the file is not under the root but is in the working
 * directory, that one is read. On a real platform the file is always under the root.
 */
export function bindingsPath(
  env: NodeJS.ProcessEnv = process.env,
  rootVariable = 'LAMBDA_TASK_ROOT',
  exists: (path: string) => boolean = existsSync,
): string {
  const file = env.BINDINGS_FILE ?? 'bindings.json';
  const underRoot = resolve(env[rootVariable] ?? process.cwd(), file);
  if (exists(underRoot)) return underRoot;
  const underCwd = resolve(process.cwd(), file);
  return exists(underCwd) ? underCwd : underRoot;
}
