import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli } from '../../bin/cli/build';
import { main } from '../../bin/cli/main';
import { LAB_ALICLOUD_CREDENTIALS } from '../../lab/alicloud-lab';
import {
  AWS_PRIMARY,
  AWS_STANDBY,
  ALI_PRIMARY,
  ALI_STANDBY,
  BILLING_ENDPOINT,
  startCliLab,
} from '../support/cli-lab';
import type { CliLab } from '../support/cli-lab';

// The CLI as an operator meets it: a process, its stdout, stderr and exit status, against both labs.
// Most runs use the installed layout (package.json, the `bin` shim and the built dist/cli.js, without
// the TypeScript); one runs the source through tsx as `npx rds-failover-sync` does in a clone.

jest.setTimeout(180_000);

const REPO = join(__dirname, '..', '..');
let lab: CliLab;
/** `[node, <installed package>/bin/rds-failover-sync.cjs]`. */
let installed: string[];

beforeAll(async () => {
  const pkg = mkdtempSync(join(tmpdir(), 'rfs-installed-'));
  mkdirSync(join(pkg, 'bin'));
  copyFileSync(join(REPO, 'package.json'), join(pkg, 'package.json'));
  copyFileSync(join(REPO, 'bin', 'rds-failover-sync.cjs'), join(pkg, 'bin', 'rds-failover-sync.cjs'));
  await buildCli(join(pkg, 'dist', 'cli.js'));
  installed = [process.execPath, join(pkg, 'bin', 'rds-failover-sync.cjs')];
  lab = await startCliLab();
});

afterAll(() => lab?.close());

const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

describe('rds-failover-sync, installed: help, version and usage errors', () => {
  it('prints its version', async () => {
    expect(await lab.run(installed, ['--version'])).toEqual({
      code: 0,
      stdout: `rds-failover-sync ${version}\n`,
      stderr: '',
    });
  });

  it('lists the commands and the exit statuses in --help', async () => {
    const { code, stdout } = await lab.run(installed, ['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('usage: rds-failover-sync <command> [options]\n');
    for (const command of ['check', 'plan', 'apply', 'status', 'drill']) {
      expect(stdout).toMatch(new RegExp(`^  ${command} {2,}\\S`, 'm'));
    }
    expect(stdout).toContain('  2  usage, bindings file or credentials error: nothing was called\n');
  });

  it.each([
    ['plan', 'usage: rds-failover-sync plan [-c FILE] [-b NAME]... [--json] [--profile NAME]\n'],
    ['apply', '  -y, --yes             do not ask: apply what the plan shows\n'],
    ['status', 'usage: rds-failover-sync status [-c FILE] [-b NAME]... [--json] [--profile NAME]\n'],
    ['check', 'exit status: 0 valid, 2 invalid (or unreadable).\n'],
    ['drill', 'usage: rds-failover-sync drill [--json] [-v]\n'],
  ])('has --help for %s', async (command, line) => {
    const { code, stdout } = await lab.run(installed, [command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(line);
  });

  it('says the same for `help plan` as for `plan --help`', async () => {
    expect(await lab.run(installed, ['help', 'plan'])).toEqual(await lab.run(installed, ['plan', '--help']));
  });

  it.each<[string[], string]>([
    [[], "rds-failover-sync: no command given\nRun 'rds-failover-sync --help' for usage.\n"],
    [
      ['frobnicate'],
      "rds-failover-sync: unknown command 'frobnicate'\nRun 'rds-failover-sync --help' for usage.\n",
    ],
    [
      ['plan', '--yse'],
      "rds-failover-sync: Unknown option '--yse'\nRun 'rds-failover-sync plan --help' for usage.\n",
    ],
    [
      ['check', '-b', 'orders'],
      "rds-failover-sync: 'check' does not take --binding\nRun 'rds-failover-sync check --help' for usage.\n",
    ],
    [
      ['status', 'extra'],
      "rds-failover-sync: unexpected argument 'extra'\nRun 'rds-failover-sync status --help' for usage.\n",
    ],
  ])('exits 2 on a usage error: %j', async (args, stderr) => {
    expect(await lab.run(installed, args)).toEqual({ code: 2, stdout: '', stderr });
  });
});

describe('rds-failover-sync, installed, against both labs', () => {
  it('check: lists each binding and pool, and exits 0', async () => {
    const { code, stdout } = await lab.run(installed, ['check', '-c', lab.bindingsFile]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'orders: orders.cluster-c9lab0000001.us-east-1.rds.amazonaws.com:5432 (apply)',
        `  aws: aws-elbv2 ${lab.targetGroupArn}`,
        'billing: rm-bp1billing01.mysql.rds.aliyuncs.com:3306 (apply)',
        `  alicloud: alicloud-nlb cn-hangzhou/${lab.serverGroupId}`,
        `${lab.bindingsFile}: 2 binding(s), valid.`,
        'credentials: AWS from the SDK default chain; Alibaba Cloud from environment (ALIBABA_CLOUD_ACCESS_KEY_ID)',
        '',
      ].join('\n'),
    );
  });

  it('check: exits 2 on a bad file, naming binding and field', async () => {
    const bad = join(lab.dir, 'bad.yml');
    writeFileSync(
      bad,
      readFileSync(lab.bindingsFile, 'utf8').replace('allowedCidrs: [10.20.0.0/16]', 'allowedCidrs: [nope]'),
    );
    const { code, stderr } = await lab.run(installed, ['check', '-c', bad]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^rds-failover-sync: .*bad\.yml: 1 problem\(s\)\n {2}- binding 'orders': allowedCidrs/,
    );
  });

  it('status: one line per pool, DRIFT on both clouds, exit 1', async () => {
    expect(await lab.run(installed, ['status', '-c', lab.bindingsFile])).toEqual({
      code: 1,
      stdout: [
        'BINDING  POOL                                              STATE  REGISTERED (health)',
        `orders   aws-elbv2 targetgroup/orders-pg/0000000000000001  DRIFT  ${AWS_PRIMARY}:5432 (healthy)`,
        `billing  alicloud-nlb cn-hangzhou/sgp-lab0001              DRIFT  ${ALI_PRIMARY}:3306 (Available)`,
        '',
        `orders / aws-elbv2 targetgroup/orders-pg/0000000000000001: holds ${AWS_PRIMARY}:5432, must hold ${AWS_STANDBY}:5432. See: rds-failover-sync plan -b orders`,
        `billing / alicloud-nlb cn-hangzhou/sgp-lab0001: holds ${ALI_PRIMARY}:3306, must hold ${ALI_STANDBY}:3306. See: rds-failover-sync plan -b billing`,
        '',
        '0 of 2 pool(s) in sync.',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('plan: per pool what it must hold, what it holds, what apply WOULD do; exit 1', async () => {
    const dns = lab.aws.dns.address;
    expect(await lab.run(installed, ['plan', '-c', lab.bindingsFile])).toEqual({
      code: 1,
      stdout: `orders (mode apply)
  endpoint orders.cluster-c9lab0000001.us-east-1.rds.amazonaws.com:5432 resolves to ${AWS_STANDBY} (TTL 5 s, via ${dns})
  pool aws-elbv2 targetgroup/orders-pg/0000000000000001 [aws]: DRIFT
    desired:     ${AWS_STANDBY}:5432
    registered:  ${AWS_PRIMARY}:5432 (healthy)
    apply would: register ${AWS_STANDBY}:5432, then wait until ${AWS_STANDBY}:5432 passes health checks (up to 20 s), then deregister ${AWS_PRIMARY}:5432

billing (mode apply)
  endpoint rm-bp1billing01.mysql.rds.aliyuncs.com:3306 resolves to ${ALI_STANDBY} (TTL 5 s, via ${dns})
  pool alicloud-nlb cn-hangzhou/sgp-lab0001 [alicloud]: DRIFT
    desired:     ${ALI_STANDBY}:3306
    registered:  ${ALI_PRIMARY}:3306 (Available)
    apply would: register ${ALI_STANDBY}:3306, then wait until ${ALI_STANDBY}:3306 passes health checks (up to 20 s), then deregister ${ALI_PRIMARY}:3306

Apply would change 2 pool(s). Nothing has been changed: this was a dry run.
`,
      stderr: '',
    });
    // Nothing was changed, and nobody was paged.
    expect(lab.targets()).toEqual([`${AWS_PRIMARY}:5432 healthy`]);
    expect(lab.nlbServers()).toEqual([`${ALI_PRIMARY}:3306 Available`]);
    expect(lab.aws.sns.published).toEqual([]);
    expect(lab.ali.cms.events).toEqual([]);
  });

  it('plan --json -b billing: the Alibaba binding alone, as data', async () => {
    const { code, stdout } = await lab.run(installed, [
      'plan',
      '--json',
      '-b',
      'billing',
      '-c',
      lab.bindingsFile,
    ]);
    expect(code).toBe(1);
    const document = JSON.parse(stdout) as { command: string; exitCode: number; bindings: unknown[] };
    expect({ ...document, report: undefined }).toEqual({
      command: 'plan',
      exitCode: 1,
      report: undefined,
      bindings: [
        {
          binding: 'billing',
          mode: 'apply',
          endpoint: 'rm-bp1billing01.mysql.rds.aliyuncs.com:3306',
          resolution: expect.objectContaining({ ok: true, addresses: [ALI_STANDBY] }),
          healthTimeoutSeconds: 20,
          pools: [
            {
              pool: 'alicloud-nlb cn-hangzhou/sgp-lab0001',
              cloud: 'alicloud',
              state: 'drift',
              desired: [`${ALI_STANDBY}:3306`],
              registered: [{ target: `${ALI_PRIMARY}:3306`, state: 'Available' }],
              wouldDo: [
                { action: 'register', targets: [`${ALI_STANDBY}:3306`] },
                { action: 'wait-healthy', targets: [`${ALI_STANDBY}:3306`] },
                { action: 'deregister', targets: [`${ALI_PRIMARY}:3306`] },
              ],
              reason: `holds ${ALI_PRIMARY}:3306, must hold ${ALI_STANDBY}:3306`,
            },
          ],
        },
      ],
    });
  });

  it('plan: exits 2 for a binding that does not exist, and without Alibaba credentials', async () => {
    const unknown = await lab.run(installed, ['plan', '-b', 'nosuch', '-c', lab.bindingsFile]);
    expect(unknown).toEqual({
      code: 2,
      stdout: '',
      stderr: 'rds-failover-sync: unknown binding(s) nosuch; configured: orders, billing\n',
    });
    const noKeys = await lab.run(installed, ['plan', '-b', 'billing', '-c', lab.bindingsFile], {
      ALIBABA_CLOUD_ACCESS_KEY_ID: '',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: '',
    });
    expect(noKeys.code).toBe(2);
    expect(noKeys.stderr).toMatch(
      /^rds-failover-sync: no Alibaba Cloud credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID/,
    );
  });

  it('plan: reads the Alibaba keys from the credentials file when the environment has none', async () => {
    mkdirSync(join(lab.dir, '.alibabacloud'), { recursive: true });
    const keys = LAB_ALICLOUD_CREDENTIALS;
    writeFileSync(
      join(lab.dir, '.alibabacloud', 'credentials'),
      `[default]\ntype = sts\naccess_key_id = ${keys.accessKeyId}\naccess_key_secret = ${keys.accessKeySecret}\nsecurity_token = ${keys.securityToken}\n`,
    );
    const { code, stdout } = await lab.run(installed, ['status', '-b', 'billing', '-c', lab.bindingsFile], {
      ALIBABA_CLOUD_ACCESS_KEY_ID: '',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: '',
      ALIBABA_CLOUD_SECURITY_TOKEN: '',
    });
    expect(code).toBe(1);
    expect(stdout).toContain(
      `billing  alicloud-nlb cn-hangzhou/sgp-lab0001  DRIFT  ${ALI_PRIMARY}:3306 (Available)\n`,
    );
  });

  it('apply: refuses without --yes when there is no terminal to ask on; changes nothing', async () => {
    const { code, stderr } = await lab.run(installed, ['apply', '-c', lab.bindingsFile]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'rds-failover-sync: apply: refusing to change pools without confirmation, and there is no terminal to ask on: pass --yes\n',
    );
    expect(lab.targets()).toEqual([`${AWS_PRIMARY}:5432 healthy`]);
    expect(lab.nlbServers()).toEqual([`${ALI_PRIMARY}:3306 Available`]);
  });

  it('apply: asks on a terminal, and a no changes nothing (exit 1)', async () => {
    // Prepare: in this process, as the terminal a person would answer on.
    const asked: string[] = [];
    const out: string[] = [];
    const io = {
      out: (text: string) => out.push(text),
      err: (text: string) => out.push(text),
      stdinIsTty: true,
      stderrIsTty: true,
      ask: async (question: string) => (asked.push(question), false),
    };
    // Act
    const code = await main(['apply', '-b', 'orders', '-c', lab.bindingsFile], io);
    // Assess
    expect(code).toBe(1);
    expect(asked).toEqual(['Apply these changes to 1 pool(s)? [y/N] ']);
    expect(out.at(-1)).toBe('Not applied: nothing was changed.\n');
    expect(lab.targets()).toEqual([`${AWS_PRIMARY}:5432 healthy`]);
  });

  it('apply --yes: swaps both clouds with a line per step, alerts, exits 0', async () => {
    const { code, stdout, stderr } = await lab.run(installed, ['apply', '--yes', '-c', lab.bindingsFile]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\nApply: 2 swapped\.\n$/);
    expect(stdout).toMatch(/^orders: swapped in \d+\.\d s\.$/m);
    expect(stdout).toMatch(/^billing: swapped in \d+\.\d s\.$/m);
    // Not a terminal: plain lines, no carriage returns. The order within a pool is the order of events.
    expect(stderr).not.toContain('\r');
    const orders = stderr.split('\n').filter((l) => l.includes('targetgroup/orders-pg'));
    expect(orders.map((l) => l.replace(/\d+\.\d s/g, 'N s'))).toEqual([
      '  aws-elbv2 targetgroup/orders-pg/0000000000000001: lease taken after N s',
      `  aws-elbv2 targetgroup/orders-pg/0000000000000001: registered ${AWS_STANDBY}:5432 (N s)`,
      `  aws-elbv2 targetgroup/orders-pg/0000000000000001: waiting for ${AWS_STANDBY}:5432 to pass health checks`,
      `  aws-elbv2 targetgroup/orders-pg/0000000000000001: ${AWS_STANDBY}:5432 healthy after N s`,
      `  aws-elbv2 targetgroup/orders-pg/0000000000000001: deregistered ${AWS_PRIMARY}:5432 (N s, desired-healthy)`,
      '  aws-elbv2 targetgroup/orders-pg/0000000000000001: swapped, pool now matches what it must hold',
    ]);
    expect(lab.targets()).toEqual([`${AWS_PRIMARY}:5432 draining`, `${AWS_STANDBY}:5432 healthy`]);
    expect(lab.nlbServers()).toEqual([`${ALI_STANDBY}:3306 Available`]);
    expect(lab.aws.sns.published.map((m) => m.subject)).toEqual([
      `rds-failover-sync: orders swapped to ${AWS_STANDBY} (was ${AWS_PRIMARY})`,
    ]);
    expect(lab.ali.cms.events.map((e) => (JSON.parse(e.content) as { subject: string }).subject)).toEqual([
      `rds-failover-sync: billing swapped to ${ALI_STANDBY} (was ${ALI_PRIMARY})`,
    ]);
  });

  it('status after apply: every pool in sync, exit 0; --json says the same', async () => {
    const { code, stdout } = await lab.run(installed, ['status', '-c', lab.bindingsFile]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\n2 of 2 pool\(s\) in sync\.\n$/);
    const json = await lab.run(installed, ['status', '--json', '-c', lab.bindingsFile]);
    const document = JSON.parse(json.stdout) as {
      exitCode: number;
      bindings: { pools: { state: string }[] }[];
    };
    expect([json.code, document.exitCode]).toEqual([0, 0]);
    expect(document.bindings.flatMap((b) => b.pools.map((p) => p.state))).toEqual(['in-sync', 'in-sync']);
  });

  it('apply when in sync: shows the plan, asks nothing, changes nothing, exits 0', async () => {
    const { code, stdout } = await lab.run(installed, ['apply', '-c', lab.bindingsFile]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\nApply would change nothing\.\n$/);
    expect(lab.aws.sns.published).toHaveLength(1);
  });

  it('calls each target group in the region its ARN names: no AWS_REGION needed', async () => {
    const { code, stdout, stderr } = await lab.run(
      installed,
      ['status', '-b', 'orders', '-c', lab.bindingsFile],
      {
        AWS_REGION: '',
        AWS_DEFAULT_REGION: '',
      },
    );
    expect(stderr).toBe('');
    expect([code, stdout.split('\n').at(-2)]).toEqual([0, '1 of 1 pool(s) in sync.']);
  });

  it('exits 3 when a cloud API call fails (a target group that does not exist)', async () => {
    const missing = join(lab.dir, 'missing.yml');
    writeFileSync(
      missing,
      readFileSync(lab.bindingsFile, 'utf8').replace(/orders-pg\/0{15}1/, 'orders-pg/00000000000000ff'),
    );
    const { code, stdout } = await lab.run(installed, ['status', '-b', 'orders', '-c', missing]);
    expect(code).toBe(3);
    expect(stdout).toMatch(
      /^orders {3}aws-elbv2 targetgroup\/orders-pg\/00000000000000ff {2}ERROR {2}\(none\)$/m,
    );
  });
});

describe('rds-failover-sync from a clone', () => {
  it('runs the TypeScript through tsx: npx tsx bin/rds-failover-sync.ts status', async () => {
    const tsx = join(REPO, 'node_modules', '.bin', 'tsx');
    const { code, stdout } = await lab.run(
      [tsx, join(REPO, 'bin', 'rds-failover-sync.ts')],
      ['status', '-c', lab.bindingsFile],
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/\n2 of 2 pool\(s\) in sync\.\n$/);
  });

  it('the bin shim in the clone takes a Tablestore lease, whose client is loaded with import()', async () => {
    // Without tsx's ESM hooks in the shim this died with ERR_MODULE_NOT_FOUND on tablestore-client.js.
    // A third address: the lab's old primary never passes health checks again.
    lab.aws.dns.setA(BILLING_ENDPOINT, ['10.1.3.30']);
    const { code, stdout, stderr } = await lab.run(
      [process.execPath, join(REPO, 'bin', 'rds-failover-sync.cjs')],
      ['apply', '--yes', '-b', 'billing', '-c', lab.bindingsFile],
    );
    expect({ code, stderr: stderr.match(/^ {2}alicloud-nlb .*: lease taken after .*$/m)?.[0] }).toEqual({
      code: 0,
      stderr: expect.stringMatching(/^ {2}alicloud-nlb cn-hangzhou\/sgp-lab0001: lease taken after /),
    });
    expect(stdout).toMatch(/^billing: swapped in /m);
    expect(lab.nlbServers()).toEqual(['10.1.3.30:3306 Available']);
  });

  it('the bin shim in the clone runs the source, not a build', async () => {
    expect(
      await lab.run([process.execPath, join(REPO, 'bin', 'rds-failover-sync.cjs')], ['--version']),
    ).toEqual({
      code: 0,
      stdout: `rds-failover-sync ${version}\n`,
      stderr: '',
    });
  });
});
