import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { DatabaseLogin } from '../../shared/core/database-login';
import type { BackendAddress } from '../../shared/core/types';
import type { AddressProber } from '../../shared/probe/admission';
import type { WritableChecker, WritableCheckOptions } from '../../shared/probe/writable-check';
import { handleAwsInvocation } from '../../shared/platform/aws-handler';
import { labWorld, PRIMARY_IP, STANDBY_IP } from '../support/aws-lab-world';
import type { LabWorld } from '../support/aws-lab-world';

// Recognisable wherever it might leak: no log line, report, error or alert may ever hold it.
const PASSWORD = 'pw-e2e-Kx7!probe-canary';
const LOGIN = { username: 'rfs_check', password: PASSWORD, dbname: 'orders' };

let world: LabWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** A protocol probe that says every address answered as PostgreSQL: the lab has no database. */
const postgresAnswers: AddressProber = async (address) => ({
  ok: true,
  target: `${address.ip}:${address.port}`,
  protocol: 'postgres',
  summary: 'PostgreSQL answered the SSLRequest (S)',
});

/** A writability check that takes every node as writable, and keeps what it was given. */
function recordingCheck(): {
  check: WritableChecker;
  seen: { address: string; login: DatabaseLogin; database?: string }[];
} {
  const seen: { address: string; login: DatabaseLogin; database?: string }[] = [];
  const check: WritableChecker = async (address: BackendAddress, options: WritableCheckOptions) => {
    seen.push({
      address: `${address.ip}:${address.port}`,
      login: options.login,
      ...(options.database ? { database: options.database } : {}),
    });
    return {
      ok: true,
      target: `${address.ip}:${address.port}`,
      protocol: 'postgres',
      summary: 'pg_is_in_recovery() = false',
    };
  };
  return { check, seen };
}

/** Runs the scheduled reconcile as Lambda would, with `check` as the writability check. */
async function reconcileWith(w: LabWorld, check: WritableChecker) {
  const event: unknown = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'events', 'aws-schedule.json'), 'utf8'),
  );
  const runtime = {
    ...w.runtime,
    admission: { ...w.runtime.admission, probe: postgresAnswers, checkWritable: check },
  };
  let thrown: unknown;
  const report = await handleAwsInvocation(event, { getRemainingTimeInMillis: () => 60_000 }, runtime, [
    'schedule',
    'manual',
  ]).catch((error: unknown) => {
    thrown = error;
    return undefined;
  });
  return { report, thrown };
}

describe('the writability check with a Secrets Manager login, through the lab', () => {
  it('reads the login from the secret, checks the new address with it, then swaps', async () => {
    // Prepare
    let secretArn = '';
    world = await labWorld({
      name: 'orders',
      probe: (lab) => {
        secretArn = lab.secretsManager.createSecret({
          name: 'orders-login',
          secretString: JSON.stringify(LOGIN),
        });
        return `{ protocol: postgres, writable: { login: { secretArn: "${secretArn}" } } }`;
      },
    });
    world.lab.dns.setA(world.endpoint, [STANDBY_IP]);
    const { check, seen } = recordingCheck();
    // Act
    const { report, thrown } = await reconcileWith(world, check);
    // Assess
    expect(thrown).toBeUndefined();
    expect(seen).toEqual([
      {
        address: `${STANDBY_IP}:5432`,
        login: { username: 'rfs_check', password: PASSWORD, database: 'orders' },
        database: 'orders',
      },
    ]);
    expect(world.lab.secretsManager.calls.map((c) => [c.operation, c.input])).toEqual([
      ['GetSecretValue', { SecretId: secretArn }],
    ]);
    expect(report?.outcomes).toEqual({ swapped: 1 });
    expect(report?.bindings[0]?.pools[0]?.actions.find((a) => a.action === 'probe')?.result).toBe(
      `postgres probe passed and takes writes: ${STANDBY_IP}:5432 pg_is_in_recovery() = false`,
    );
    expect(world.targets()).toEqual([`${PRIMARY_IP}:5432 draining`, `${STANDBY_IP}:5432 healthy`]);
    const everything = [...world.logLines, JSON.stringify(report), JSON.stringify(world.lab.sns.published)];
    expect(everything.filter((text) => text.includes(PASSWORD))).toEqual([]);
  });

  it('holds the swap when the secret is missing: the old member stays, one alert names the secret and what to do', async () => {
    // Prepare: the binding names a secret that does not exist
    const missing = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-login-Gone00';
    world = await labWorld({
      name: 'orders',
      probe: () => `{ protocol: postgres, writable: { login: { secretArn: "${missing}" } } }`,
    });
    world.lab.dns.setA(world.endpoint, [STANDBY_IP]);
    const { check, seen } = recordingCheck();
    // Act
    const { report, thrown } = await reconcileWith(world, check);
    // Assess: nothing registered, nothing removed, the check never tried
    expect(world.targets()).toEqual([`${PRIMARY_IP}:5432 healthy`]);
    expect(world.lab.elbv2.calls.filter((c) => !c.action.startsWith('Describe'))).toEqual([]);
    expect(seen).toEqual([]);
    expect((thrown as Error | undefined)?.name).toBe('ReconcileFailedError');
    const reason =
      `postgres probe failed, not registered: ${STANDBY_IP}:5432 login-unavailable ` +
      `(SecretLoginUnreadableError: cannot read the login from secret ${missing}: ` +
      `ResourceNotFoundException (Secrets Manager can't find the specified secret.))`;
    expect(world.records.filter((r) => r.message === 'pool reconciled').map((r) => r['reason'])).toEqual([
      reason,
    ]);
    // One alert, whose text names the secret and says what to do
    const alerts = world.lab.sns.published;
    // The subject keeps 100 characters; the body names the secret.
    expect(alerts.map((a) => a.subject)).toEqual([
      `rds-failover-sync: orders FAILED: postgres probe failed, not registered: ${STANDBY_IP}:5432 login-u...`,
    ]);
    expect(alerts[0]?.message).toContain(reason);
    expect(alerts[0]?.message).toContain(
      'What to do: the writability check could not read its login. Make sure the secret named above exists, holds {"username": ..., "password": ...} as text, and that the role running this (the function, or you with the CLI) has secretsmanager:GetSecretValue on it, and kms:Decrypt on its key when that key is your own; then apply again.',
    );
    expect(report).toBeUndefined();
  });

  it('never lets the password reach a log, report, error or alert when the node refuses the login', async () => {
    // Prepare: the check fails, as a real one would when the server refuses the login
    world = await labWorld({
      name: 'orders',
      probe: (lab) =>
        `{ protocol: postgres, writable: { login: { secretArn: "${lab.secretsManager.createSecret({ name: 'orders-login', secretString: JSON.stringify(LOGIN) })}" } } }`,
    });
    world.lab.dns.setA(world.endpoint, [STANDBY_IP]);
    const refusing: WritableChecker = async (address, options) => ({
      ok: false,
      target: `${address.ip}:${address.port}`,
      protocol: 'postgres',
      failure: 'login-refused',
      summary: `password authentication failed for user "${options.login.username}"`,
    });
    // Act
    const { report, thrown } = await reconcileWith(world, refusing);
    // Assess
    expect(world.targets()).toEqual([`${PRIMARY_IP}:5432 healthy`]);
    const everything = [
      ...world.logLines,
      JSON.stringify(report),
      JSON.stringify(world.lab.sns.published),
      String(thrown),
      inspect(thrown, { depth: 12 }),
    ].join('\n');
    expect(everything).toContain('password authentication failed for user \\"rfs_check\\"');
    expect(everything.includes(PASSWORD)).toBe(false);
  });
});
