import { inspect } from 'node:util';
import { backendKey } from '../../shared/core/keys';
import type { DatabaseLogin } from '../../shared/core/database-login';
import { ReconcileFailedError } from '../../shared/platform/failed-error';
import type { AdmissionAccess } from '../../shared/probe/admission';
import { alicloudWorld, ENDPOINT, PRIMARY_IP, STANDBY_IP } from '../support/alicloud-lab-world';
import type { AlicloudWorld } from '../support/alicloud-lab-world';

// A password recognisable anywhere it might leak: logs, alerts, reports, errors.
const PASSWORD = 'Pw-zebra-7741-CANARY';
const LOGIN = JSON.stringify({ username: 'rfs_probe', password: PASSWORD, dbname: 'billing' });
const VARIABLE = 'BILLING_DB_LOGIN';
const KEY = 'key-hzz62f1cb66fa42qo0001';
const PROBE = `{ protocol: mysql, writable: { login: { kmsCiphertext: env:${VARIABLE}, region: cn-hangzhou, keyId: ${KEY} }, tls: require } }`;

/**
 * The protocol probe and the writability check, faked at the runtime's admission seam: the lab's
 * addresses are not on this machine. The check remembers the login it was handed.
 */
function fakeDatabase(): { admission: AdmissionAccess; logins: { target: string; login: DatabaseLogin }[] } {
  const logins: { target: string; login: DatabaseLogin }[] = [];
  return {
    logins,
    admission: {
      probe: async (address, options) => ({
        ok: true,
        target: backendKey(address),
        protocol: options.protocol,
        summary: 'greeted as MySQL 8.0.36',
        serverVersion: '8.0.36',
      }),
      checkWritable: async (address, options) => {
        logins.push({ target: backendKey(address), login: options.login });
        return { ok: true, target: backendKey(address), protocol: options.protocol, summary: 'read_only=0' };
      },
    },
  };
}

let world: AlicloudWorld | undefined;
afterEach(async () => {
  Reflect.deleteProperty(process.env, VARIABLE);
  await world?.close();
  world = undefined;
});

describe('a writability check whose login is a KMS ciphertext in the function environment', () => {
  it('decrypts the login through the KMS emulator, hands it to the check, and swaps', async () => {
    // Prepare
    const database = fakeDatabase();
    world = await alicloudWorld({ probe: PROBE, admission: database.admission });
    world.lab.kms.createKey(KEY);
    process.env[VARIABLE] = world.lab.kms.encrypt(KEY, LOGIN);
    world.lab.dns.setA(ENDPOINT, [STANDBY_IP]);
    // Act
    const report = await world.invoke('alicloud-cloudmonitor-failover.json', ['rds-event']);
    // Assess: one Decrypt, signed with the invocation's STS token; the check got the decrypted login
    expect(report.outcomes).toEqual({ swapped: 1 });
    expect(world.nlbServers()).toEqual([`${STANDBY_IP}:3306 Available`]);
    expect(world.lab.kms.calls.map((c) => [c.action, c.securityTokenSent, c.errorCode])).toEqual([
      ['Decrypt', true, undefined],
    ]);
    expect(database.logins).toEqual([
      {
        target: `${STANDBY_IP}:3306`,
        login: { username: 'rfs_probe', password: PASSWORD, database: 'billing' },
      },
    ]);
    expect(report.bindings[0]?.pools[0]?.actions[0]).toMatchObject({
      action: 'probe',
      result: `mysql probe passed and takes writes: ${STANDBY_IP}:3306 read_only=0`,
    });
    const everything = `${JSON.stringify(world.records)} ${JSON.stringify(report)} ${JSON.stringify(world.lab.cms.events)}`;
    expect(everything).not.toContain(PASSWORD);
  });

  it('holds the swap when the key is disabled: old member stays, one alert naming the variable and what to do', async () => {
    // Prepare
    const database = fakeDatabase();
    world = await alicloudWorld({ probe: PROBE, admission: database.admission });
    world.lab.kms.createKey(KEY);
    process.env[VARIABLE] = world.lab.kms.encrypt(KEY, LOGIN);
    world.lab.kms.setKeyState(KEY, 'Disabled');
    world.lab.dns.setA(ENDPOINT, [STANDBY_IP]);
    // Act
    const error = await world.invoke('alicloud-timer.json', ['schedule']).catch((e: unknown) => e);
    // Assess: failed loudly; nothing added, nothing removed; the check never ran
    expect(error).toBeInstanceOf(ReconcileFailedError);
    const report = (error as ReconcileFailedError).report;
    expect(report.outcomes).toEqual({ failed: 1 });
    expect(world.nlbServers()).toEqual([`${PRIMARY_IP}:3306 Available`]);
    expect(
      world.lab.nlb.calls.filter((c) => !c.action.startsWith('List') && c.action !== 'GetJobStatus'),
    ).toEqual([]);
    expect(database.logins).toEqual([]);
    expect(world.lab.kms.calls.map((c) => [c.action, c.errorCode])).toEqual([
      ['Decrypt', 'Rejected.Disabled'],
    ]);
    const reason =
      `mysql probe failed, not registered: ${STANDBY_IP}:3306 login-unavailable (KmsDecryptFailedError: ` +
      `KMS login: Decrypt of ${VARIABLE} in cn-hangzhou failed with Rejected.Disabled (RequestId `;
    expect(report.bindings[0]?.pools[0]?.reason).toContain(reason);
    expect(report.bindings[0]?.pools[0]?.reason).toContain(
      `key ${KEY} is disabled: enable it (aliyun kms EnableKey --KeyId ${KEY}) or encrypt the login with an enabled key`,
    );
    // One alert, and it says which variable and what to do.
    expect(world.lab.cms.events).toHaveLength(1);
    const alert = world.lab.cms.events[0]?.content ?? '';
    expect(alert).toContain(VARIABLE);
    expect(alert).toContain('Rejected.Disabled');
    expect(alert).toContain(`enable it (aliyun kms EnableKey --KeyId ${KEY})`);
    // The password is nowhere: not in the logs, the alert, the report or the thrown error.
    const everything = [
      JSON.stringify(world.records),
      alert,
      JSON.stringify(report),
      inspect(error, { depth: 12 }),
      (error as Error).stack ?? '',
    ].join('\n');
    expect(everything).not.toContain(PASSWORD);
  });
});
