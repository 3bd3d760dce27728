import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDnsServer } from '../../lab/dns/dns-server';
import type { LabDnsServer } from '../../lab/dns/dns-server';
import { copyService, ROOT } from './service-copy';

// The two commands the README gives a new user, on a fresh clone: no bindings.yml, no variable set but
// PATH and HOME (not the example's DINGTALK_WEBHOOK_URL, not AWS credentials). The timeout only stops a
// hung run (esbuild on a busy 2-core machine); it is not a speed bound.
jest.setTimeout(600_000);

const CLI = join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js');
const ORDERS = 'orders.cluster-abc123xyz.us-east-1.rds.amazonaws.com';

interface Run {
  readonly exitCode: number;
  readonly output: string;
}

function serverless(dir: string, args: readonly string[], env: Record<string, string>): Promise<Run> {
  const base = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    // Nothing from the machine running the tests: no shared AWS files, no instance metadata.
    AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    CI: '1',
  };
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: dir, env: { ...base, ...env } },
      (error, stdout, stderr) =>
        done({ exitCode: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

describe('a fresh clone with bindings.example.yml and no variable set', () => {
  const dirs: string[] = [];
  let dns: LabDnsServer;

  beforeAll(async () => {
    dns = await startDnsServer();
  });

  afterAll(async () => {
    await dns.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('packages: the env: webhook is checked for its shape, not resolved', async () => {
    // Prepare
    const dir = copyService('rfs-fresh-', ['bindings.example.yml']);
    dirs.push(dir);
    const networkLog = join(dir, 'network.log');
    // Act
    const run = await serverless(dir, ['package'], {
      BINDINGS_FILE: 'bindings.example.yml',
      NODE_OPTIONS: `--require ${join(__dirname, 'no-network.cjs')}`,
      NO_NETWORK_LOG: networkLog,
    });
    // Assess
    if (run.exitCode !== 0) throw new Error(`sls package failed:\n${run.output}`);
    expect(run.output).not.toContain('DINGTALK_WEBHOOK_URL');
    expect(existsSync(networkLog) ? readFileSync(networkLog, 'utf8') : '').toBe('');
    expect(existsSync(join(dir, '.serverless', 'reconcile.zip'))).toBe(true);
  });

  it('runs `invoke local -f reconcile --path events/manual-dry-run.json` to a report, with readable error names', async () => {
    // Prepare: the example as shipped, but for its DNS server (the lab's, on loopback: a test asks no
    // real resolver)
    const dir = copyService('rfs-fresh-', ['bindings.example.yml', 'events/manual-dry-run.json']);
    dirs.push(dir);
    const example = readFileSync(join(dir, 'bindings.example.yml'), 'utf8');
    expect(example).toContain('  servers: []\n');
    writeFileSync(
      join(dir, 'bindings.example.yml'),
      example.replace('  servers: []\n', `  servers: ["${dns.address}"]\n`),
    );
    dns.setA(ORDERS, ['10.20.1.10']);
    // Act
    const run = await serverless(
      dir,
      ['invoke', 'local', '-f', 'reconcile', '--path', 'events/manual-dry-run.json'],
      {},
    );
    // Assess: the bindings loaded and the handler ran the dry run; with no AWS credentials the describe
    // fails, and the error keeps its class names (esbuild keepNames), not `Cs` or `Ad`
    expect(run.output).toContain('serverless-vars: no bindings.yml: invoke local reads bindings.example.yml');
    expect(run.output).not.toContain('DINGTALK_WEBHOOK_URL');
    expect(run.output).toContain('"trigger":"manual dry run of orders"');
    expect(run.output).toContain(`"resolution":{"ok":true,"addresses":["10.20.1.10"]`);
    expect(run.output).toContain('"errorType": "ReconcileFailedError"');
    expect(run.output).toContain(
      'failed: CredentialsProviderError: Could not load credentials from any providers',
    );
    expect(dns.queries.filter((q) => q.name === ORDERS).length).toBeGreaterThanOrEqual(1);
    expect(run.exitCode).toBe(1);
  });
});
