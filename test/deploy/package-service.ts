import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyService, ROOT } from './service-copy';

export const DEPLOY_BINDINGS = 'test/deploy/bindings.deploy.yml';

export interface Packaged {
  readonly dir: string;
  readonly exitCode: number;
  readonly output: string;
  readonly networkAttempts: string;
}

export interface TemplateResource {
  readonly Type: string;
  readonly DependsOn?: string | string[];
  readonly Properties: Record<string, unknown>;
}
export interface Template {
  readonly Resources: Record<string, TemplateResource>;
  readonly Outputs?: Record<string, unknown>;
}

/**
 * `serverless package` (osls 3) of a copy of the service, offline, as serverless-package.test.ts runs
 * it: sources and the vars files copied, node_modules linked, no AWS configuration of the machine, and
 * any TCP connection or DNS lookup logged (test/deploy/no-network.cjs).
 */
export async function packageService(
  args: readonly string[],
  options: { readonly bindingsText?: string; readonly env?: Record<string, string> } = {},
): Promise<Packaged> {
  const dir = copyService('rfs-sls-', [DEPLOY_BINDINGS]);
  if (options.bindingsText !== undefined) writeFileSync(join(dir, DEPLOY_BINDINGS), options.bindingsText);
  const networkLog = join(dir, 'network.log');
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    BINDINGS_FILE: DEPLOY_BINDINGS,
    AWS_ACCESS_KEY_ID: 'AKIDLAB',
    AWS_SECRET_ACCESS_KEY: 'lab-secret',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    CI: '1',
    NODE_OPTIONS: `--require ${join(__dirname, 'no-network.cjs')}`,
    NO_NETWORK_LOG: networkLog,
    ...options.env,
  };
  const cli = join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js');
  const { exitCode, output } = await new Promise<{ exitCode: number; output: string }>((done) => {
    execFile(process.execPath, [cli, 'package', ...args], { cwd: dir, env }, (error, stdout, stderr) => {
      done({ exitCode: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
  const networkAttempts = existsSync(networkLog) ? readFileSync(networkLog, 'utf8') : '';
  return { dir, exitCode, output, networkAttempts };
}

/** The packaged CloudFormation template; throws with the output when packaging failed or went online. */
export function templateOf(packaged: Packaged): Template {
  if (packaged.exitCode !== 0) throw new Error(`sls package failed:\n${packaged.output}`);
  if (packaged.networkAttempts !== '')
    throw new Error(`sls package went online:\n${packaged.networkAttempts}`);
  return JSON.parse(
    readFileSync(join(packaged.dir, '.serverless', 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as Template;
}
