import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAwsLab } from '../../lab/aws-lab';
import type { AwsLab } from '../../lab/aws-lab';
import type { RealDatabases } from '../support/real-databases';
import { realDatabasesSuite } from '../support/real-databases';

/**
 * `plan` as an operator runs it from a clone, for a binding whose endpoint has moved to a real
 * PostgreSQL on loopback: the login comes from the lab's Secrets Manager, the writability check asks
 * the real server. A standby holds the change; the primary is what apply would register.
 */
const { suite, start, stop } = realDatabasesSuite('the CLI writability tests against real databases');
const REPO = join(__dirname, '..', '..');
const ENDPOINT = 'orders.cluster-c9lab0000001.us-east-1.rds.amazonaws.com';
const OLD_PRIMARY = '10.20.1.10';

jest.setTimeout(120_000);

let db: RealDatabases;
let lab: AwsLab;
let dir: string;
let secretArn: string;

/** A bindings file for `orders` on its own target group, the endpoint resolving to 127.0.0.1:port. */
function bindingsFor(name: string, port: number): string {
  const targetGroupArn = lab.elbv2.createTargetGroup({ name, port, healthyAfterMs: 300 });
  lab.elbv2.seedTarget(targetGroupArn, { id: OLD_PRIMARY, port, state: 'healthy' });
  const file = join(dir, `${name}.yml`);
  writeFileSync(
    file,
    `dns: { servers: ["${lab.dns.address}"], timeoutMs: 1000 }
bindings:
  - name: orders
    endpoint: ${ENDPOINT}:${port}
    pools: [{ aws-elbv2: { targetGroupArn: "${targetGroupArn}" } }]
    allowedCidrs: [127.0.0.0/8]
    alert: { sns: "arn:aws:sns:us-east-1:123456789012:db-failover" }
    probe:
      protocol: postgres
      writable: { login: { secretArn: "${secretArn}" }, tls: require }
`,
  );
  return file;
}

function plan(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      [join(REPO, 'bin', 'rds-failover-sync.cjs'), 'plan', '-c', file],
      { env: { ...process.env, HOME: dir, NO_COLOR: '1' }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    ),
  );
}

suite('rds-failover-sync plan with a writability check, against a real PostgreSQL', () => {
  beforeAll(async () => {
    db = start();
    lab = await startAwsLab();
    dir = mkdtempSync(join(tmpdir(), 'rfs-cli-writable-'));
    secretArn = lab.secretsManager.createSecret({
      name: 'orders-probe',
      secretString: JSON.stringify({ username: db.user, password: db.password }),
    });
    lab.dns.setA(ENDPOINT, ['127.0.0.1']);
  }, 180_000);
  afterAll(async () => {
    await lab?.close();
    stop();
  }, 60_000);

  it('a standby holds the change: the reason names pg_is_in_recovery(), nothing would change, exit 3', async () => {
    const { code, stdout, stderr } = await plan(bindingsFor('orders-standby', db.postgresStandbyPort));
    const port = db.postgresStandbyPort;
    expect(code).toBe(3);
    expect(stdout).toMatch(
      new RegExp(
        `^ {4}apply would: stop here as this run did, changing nothing: postgres probe failed, not registered: 127\\.0\\.0\\.1:${port} read-only \\(takes no writes, pg_is_in_recovery\\(\\)=true: a standby \\(a replica or a demoted primary\\), server 1\\d\\.`,
        'm',
      ),
    );
    expect(stdout).toMatch(/\nApply would change nothing\.\n$/);
    expect(`${stdout}${stderr}`).not.toContain(db.password);
  });

  it('the primary passes: apply would probe it, register it, then remove the old one; exit 1', async () => {
    const port = db.postgresPort;
    const { code, stdout, stderr } = await plan(bindingsFor('orders-primary', port));
    expect(code).toBe(1);
    expect(stdout).toContain(
      `    apply would: probe 127.0.0.1:${port} (the binding's connectivity probe), then register 127.0.0.1:${port}, then wait until 127.0.0.1:${port} passes health checks (up to 300 s), then deregister ${OLD_PRIMARY}:${port}\n`,
    );
    expect(`${stdout}${stderr}`).not.toContain(db.password);
    // The login was read from the lab's Secrets Manager, with the caller's credentials, once per plan.
    expect(lab.secretsManager.calls.filter((c) => c.operation === 'GetSecretValue')).toHaveLength(2);
  });
});
