import { ReconcileFailedError } from '../../shared/platform/failed-error';
import { alicloudWorld, ENDPOINT, INSTANCE, PRIMARY_IP, STANDBY_IP } from '../support/alicloud-lab-world';
import type { AlicloudWorld } from '../support/alicloud-lab-world';
import { flipAfterQueries } from '../support/dns-flip';

let world: AlicloudWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const nlbChanges = (w: AlicloudWorld) =>
  w.lab.nlb.calls
    .filter((c) => c.action === 'AddServersToServerGroup' || c.action === 'RemoveServersFromServerGroup')
    .map((c) => `${c.action}${c.errorCode ? ` ${c.errorCode}` : ''}`);

describe('Alibaba Cloud path over the wire', () => {
  it('swaps the NLB Ip server group after an HA switch: add, wait for the job, remove, alert', async () => {
    // Prepare
    world = await alicloudWorld();
    world.lab.dns.setA(ENDPOINT, [STANDBY_IP]);
    // Act
    const report = await world.invoke('alicloud-cloudmonitor-failover.json', ['rds-event']);
    // Assess
    expect(report.outcomes).toEqual({ swapped: 1 });
    expect(nlbChanges(world)).toEqual(['AddServersToServerGroup', 'RemoveServersFromServerGroup']);
    expect(world.nlbServers()).toEqual([`${STANDBY_IP}:3306 Available`]);
    expect(world.lab.cms.events.map((e) => [e.name, JSON.parse(e.content).subject])).toEqual([
      ['rds-failover-sync', `rds-failover-sync: billing swapped to ${STANDBY_IP} (was ${PRIMARY_IP})`],
    ]);
    // The change was made under the pool's lease in Tablestore, over its own signed protocol, with the
    // invocation's STS token: take (GetRow, PutRow), journal the add and the removal, release.
    expect(world.lab.ots.calls.map((c) => `${c.action} ${c.securityTokenSent}`)).toEqual([
      'GetRow true',
      'PutRow true',
      'PutRow true',
      'PutRow true',
      'PutRow true',
    ]);
  });

  it('swaps a failing CLB relay for the standby in one ModifyVServerGroupBackendServers call', async () => {
    world = await alicloudWorld({ clb: true });
    world.lab.clb.setInstanceHealth('i-primary', 'abnormal');
    const report = await world.invoke('alicloud-timer.json', ['schedule']);
    const clbChanges = world.lab.clb.calls
      .filter((c) => !c.action.startsWith('Describe'))
      .map((c) => c.action);
    expect(clbChanges).toEqual(['ModifyVServerGroupBackendServers']);
    expect(world.lab.clb.backends(world.vServerGroupId).map((b) => [b.serverId, b.health])).toEqual([
      ['i-standby', 'normal'],
    ]);
    expect(report.bindings[0]?.pools.map((p) => [p.pool.split(' ')[0], p.outcome])).toEqual([
      ['alicloud-nlb', 'in-sync'],
      ['alicloud-clb', 'swapped'],
    ]);
  });

  it('reconciles on an RDS MySQL event type it does not know, and logs the event whole', async () => {
    // Prepare: the documented elastic-plan event (EventBridge "ApsaraDB RDS for MySQL events")
    world = await alicloudWorld();
    world.lab.dns.setA(ENDPOINT, [STANDBY_IP]);
    // Act
    const report = await world.invoke('alicloud-eventbridge-mysql-elastic-delay.json', ['rds-event']);
    // Assess: the binding was reconciled (no settle window), and the payload is in the log as it came
    expect(report.outcomes).toEqual({ swapped: 1 });
    expect(report.bindings[0]?.settle).toBeUndefined();
    const logged = world.records.find(
      (r) => r.message === 'unknown RDS event, reconciling its bindings without settling',
    );
    expect(logged?.['event']).toMatchObject({
      source: 'acs.mysql',
      type: 'mysql:CloudMonitor:Instance[SystemMaintenance.Elastic:Delay]',
      data: { name: 'Instance:SystemMaintenance.Elastic:Delay', status: 'Delay' },
    });
  });

  it('waits for DNS that lags the EventBridge HA-switch event', async () => {
    // Prepare: DNS still names the primary when the event arrives; it moves after three answers
    world = await alicloudWorld({ settleSeconds: 20 });
    const flip = flipAfterQueries(world.lab.dns, ENDPOINT, [STANDBY_IP], 3);
    // Act
    const report = await world
      .invoke('alicloud-eventbridge-ha-switch.json', ['rds-event'])
      .finally(() => flip.stop());
    // Assess: three polls got the primary, a later one the standby, and only then was it added
    const settle = report.bindings[0]?.settle;
    expect(settle?.changed).toBe(true);
    expect(settle?.polls).toBeGreaterThanOrEqual(4);
    expect(settle?.polls).toBeGreaterThan(flip.answeredBefore());
    const add = world.lab.nlb.calls.find((c) => c.action === 'AddServersToServerGroup');
    expect(add?.at).toBeGreaterThanOrEqual(flip.flippedAt() ?? Number.POSITIVE_INFINITY);
    expect(world.nlbServers()).toEqual([`${STANDBY_IP}:3306 Available`]);
  });

  it('follows the RDS API when it disagrees with DNS and the policy prefers it, and says so', async () => {
    world = await alicloudWorld({ resolveWithApi: 'api' });
    world.lab.rds.setNetInfo(INSTANCE, [
      {
        ConnectionString: ENDPOINT,
        IPAddress: STANDBY_IP,
        IPType: 'Private',
        Port: '3306',
        ConnectionStringType: 'Normal',
      },
    ]);
    const report = await world.invoke('alicloud-timer.json', ['schedule']);
    expect(report.bindings[0]?.resolution.verdict).toEqual({
      dns: PRIMARY_IP,
      api: STANDBY_IP,
      winner: 'api',
      why: 'DNS and the RDS API disagree; policy prefers api',
    });
    expect(world.nlbServers()).toEqual([`${STANDBY_IP}:3306 Available`]);
  });

  it('keeps DNS when it disagrees with the RDS API and the policy prefers DNS', async () => {
    world = await alicloudWorld({ resolveWithApi: 'dns' });
    world.lab.rds.setNetInfo(INSTANCE, [
      {
        ConnectionString: ENDPOINT,
        IPAddress: STANDBY_IP,
        IPType: 'Private',
        Port: '3306',
        ConnectionStringType: 'Normal',
      },
    ]);
    const report = await world.invoke('alicloud-timer.json', ['schedule']);
    expect(report.bindings[0]?.resolution.verdict?.winner).toBe('dns');
    expect(nlbChanges(world)).toEqual([]);
  });

  it('fails loudly when the asynchronous add job fails: old server kept, alert sent, handler throws', async () => {
    world = await alicloudWorld();
    world.lab.dns.setA(ENDPOINT, [STANDBY_IP]);
    world.lab.nlb.failNextJob(world.serverGroupId);
    const error = await world.invoke('alicloud-timer.json', ['schedule']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReconcileFailedError);
    expect((error as ReconcileFailedError).report.bindings[0]?.pools[0]?.error?.code).toBe('JobFailed');
    expect(world.nlbServers()).toEqual([`${PRIMARY_IP}:3306 Available`]);
    expect(world.lab.cms.events).toHaveLength(1);
  });

  it('retries a throttled add with the same ClientToken and completes the swap', async () => {
    world = await alicloudWorld();
    world.lab.dns.setA(ENDPOINT, [STANDBY_IP]);
    world.lab.nlb.faults.inject({ action: 'AddServersToServerGroup', kind: 'throttle', times: 1 });
    const report = await world.invoke('alicloud-timer.json', ['schedule']);
    expect(report.outcomes).toEqual({ swapped: 1 });
    const adds = world.lab.nlb.calls.filter((c) => c.action === 'AddServersToServerGroup');
    expect(adds.map((c) => c.errorCode)).toEqual(['Throttling.User', undefined]);
    expect(adds[0]?.params.ClientToken).toBeDefined();
    expect(adds[1]?.params.ClientToken).toBe(adds[0]?.params.ClientToken);
  });

  it('reconciles on an unknown RDS event, without settling, and logs the payload whole', async () => {
    world = await alicloudWorld();
    world.lab.dns.setA(ENDPOINT, [STANDBY_IP]);
    const unknown = { product: 'RDS', name: 'Instance_SomethingNew', instanceId: INSTANCE, level: 'INFO' };
    const report = await world.invoke(unknown, ['rds-event']);
    expect(report.bindings[0]?.settle).toBeUndefined();
    expect(report.outcomes).toEqual({ swapped: 1 });
    const warning = world.records.find(
      (r) => r.message === 'unknown RDS event, reconciling its bindings without settling',
    );
    expect(warning?.event).toEqual(unknown);
  });

  it('signs every call with the invocation credentials: a wrong secret fails, changing nothing', async () => {
    world = await alicloudWorld();
    world.lab.dns.setA(ENDPOINT, [STANDBY_IP]);
    const error = await world
      .invoke('alicloud-timer.json', ['schedule'], {
        accessKeyId: 'LTAI5tLabLabLabLabLab',
        accessKeySecret: 'wrong',
      })
      .catch((e: unknown) => e);
    expect((error as ReconcileFailedError).report.bindings[0]?.pools[0]?.error?.code).toBe(
      'SignatureDoesNotMatch',
    );
    expect(world.nlbServers()).toEqual([`${PRIMARY_IP}:3306 Available`]);
    expect(JSON.stringify(world.records)).not.toContain('lab-alicloud-secret-not-real');
  });
});
