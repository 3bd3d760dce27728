import { reconcile } from '../../shared/reconcile';
import type { Trigger } from '../../shared/events/types';
import type { AdmissionAccess } from '../../shared/probe/admission';
import type { ProbeLoginSource } from '../../shared/core/config-types';
import type { DatabaseLogin } from '../../shared/core/database-login';
import { backendKey } from '../../shared/core/keys';
import { fakeRuntime, ordersConfig, resolvedTo } from '../support/fake-runtime';

const schedule: Trigger = { kind: 'schedule' };
const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-probe-AbCdEf';
const PASSWORD = 'pw-Zq8vX3-never-shown';
const withWritableProbe = ordersConfig(
  `    probe: { protocol: postgres, writable: { login: { secretArn: "${SECRET}" }, database: app } }`,
);

/**
 * Admission with the protocol probe always answering, a login read from a table, and a writability
 * check that answers per address; all of it remembered.
 */
function scriptedAdmission(options: { readOnly?: readonly string[]; loginFails?: Error }) {
  const loginsRead: ProbeLoginSource[] = [];
  const checked: { target: string; login: DatabaseLogin; tls: string; database?: string }[] = [];
  const admission: AdmissionAccess = {
    probe: async (address, probe) => ({
      ok: true,
      target: backendKey(address),
      protocol: probe.protocol,
      summary: "answered SSLRequest with 'S'",
    }),
    readLogin: async (source) => {
      loginsRead.push(source);
      if (options.loginFails) throw options.loginFails;
      return { username: 'probe', password: PASSWORD };
    },
    checkWritable: async (address, check) => {
      const target = backendKey(address);
      checked.push({
        target,
        login: check.login,
        tls: check.tls,
        ...(check.database ? { database: check.database } : {}),
      });
      return options.readOnly?.includes(address.ip)
        ? {
            ok: false,
            target,
            protocol: check.protocol,
            failure: 'read-only',
            summary: 'pg_is_in_recovery() is true: a replica or a demoted primary',
          }
        : { ok: true, target, protocol: check.protocol, summary: 'writable, server 15.8' };
    },
  };
  return { admission, loginsRead, checked };
}

describe('the writability check before a new address is registered', () => {
  it('reads the login once, checks the new address over TLS, then swaps', async () => {
    const world = fakeRuntime({ config: withWritableProbe, answer: () => resolvedTo('10.0.1.20') });
    world.pool.seed('10.0.1.10');
    const { admission, loginsRead, checked } = scriptedAdmission({});
    const report = await reconcile(schedule, { ...world.deps, admission });
    expect(loginsRead).toEqual([{ kind: 'aws-secret', secretArn: SECRET }]);
    expect(checked).toEqual([
      {
        target: '10.0.1.20:5432',
        login: { username: 'probe', password: PASSWORD },
        tls: 'require',
        database: 'app',
      },
    ]);
    expect(world.pool.changes()).toEqual(['register 10.0.1.20:5432', 'deregister 10.0.1.10:5432']);
    expect(report.bindings[0]?.pools[0]?.actions[0]?.result).toBe(
      'postgres probe passed and takes writes: 10.0.1.20:5432 writable, server 15.8',
    );
  });

  it('holds the swap when the new address is read-only: nothing moves, failed and alerted', async () => {
    const world = fakeRuntime({ config: withWritableProbe, answer: () => resolvedTo('10.0.1.20') });
    world.pool.seed('10.0.1.10');
    const { admission } = scriptedAdmission({ readOnly: ['10.0.1.20'] });
    const report = await reconcile(schedule, { ...world.deps, admission });
    expect(world.pool.changes()).toEqual([]);
    expect(world.pool.keys()).toEqual(['10.0.1.10:5432']);
    expect(report.bindings[0]?.outcome).toBe('failed');
    expect(report.bindings[0]?.pools[0]?.reason).toBe(
      'postgres probe failed, not registered: 10.0.1.20:5432 read-only (pg_is_in_recovery() is true: a replica or a demoted primary)',
    );
    expect(world.alerts).toHaveLength(1);
  });

  it('holds the swap when the login cannot be read, and says why without the login', async () => {
    const world = fakeRuntime({ config: withWritableProbe, answer: () => resolvedTo('10.0.1.20') });
    world.pool.seed('10.0.1.10');
    const denied = Object.assign(
      new Error(`cannot read the login from secret ${SECRET}: AccessDeniedException`),
      {
        name: 'LoginUnavailableError',
      },
    );
    const { admission, checked } = scriptedAdmission({ loginFails: denied });
    const report = await reconcile(schedule, { ...world.deps, admission });
    expect(checked).toEqual([]);
    expect(world.pool.changes()).toEqual([]);
    expect(report.bindings[0]?.pools[0]?.reason).toBe(
      `postgres probe failed, not registered: 10.0.1.20:5432 login-unavailable (LoginUnavailableError: cannot read the login from secret ${SECRET}: AccessDeniedException)`,
    );
    expect(JSON.stringify([report, world.alerts, world.logs])).not.toContain(PASSWORD);
  });

  it('holds the swap in a runtime that cannot read logins', async () => {
    const world = fakeRuntime({ config: withWritableProbe, answer: () => resolvedTo('10.0.1.20') });
    world.pool.seed('10.0.1.10');
    const { admission } = scriptedAdmission({});
    const report = await reconcile(schedule, { ...world.deps, admission: { probe: admission.probe } });
    expect(world.pool.changes()).toEqual([]);
    expect(report.bindings[0]?.pools[0]?.reason).toBe(
      'postgres probe failed, not registered: 10.0.1.20:5432 login-unavailable (this runtime cannot check writability)',
    );
  });

  it('never logs the password of a login it used', async () => {
    const world = fakeRuntime({ config: withWritableProbe, answer: () => resolvedTo('10.0.1.20') });
    world.pool.seed('10.0.1.10');
    const { admission } = scriptedAdmission({});
    const report = await reconcile(schedule, { ...world.deps, admission });
    expect(report.bindings[0]?.outcome).toBe('swapped');
    expect(JSON.stringify([report, world.alerts, world.logs])).not.toContain(PASSWORD);
  });
});
