import { resolve } from 'node:path';

/**
 * The bindings file a deployed function reads: `BINDINGS_FILE` (default `bindings.json`, the
 * validated bindings packaging writes as JSON), relative to the
 * function's code root, where the package puts it. The root is `LAMBDA_TASK_ROOT` on Lambda and
 * `FC_FUNC_CODE_PATH` on Function Compute; the working directory elsewhere.
 */
export function bindingsPath(
  env: NodeJS.ProcessEnv = process.env,
  rootVariable = 'LAMBDA_TASK_ROOT',
): string {
  return resolve(env[rootVariable] ?? process.cwd(), env.BINDINGS_FILE ?? 'bindings.json');
}
