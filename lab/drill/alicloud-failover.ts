import { LAB_CONSISTENCY_MS } from '../consistency';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../../shared/log/logger';
import { handleAlicloudInvocation } from '../../shared/platform/alicloud-handler';
import { startAlicloudLab, LAB_ALICLOUD_CREDENTIALS } from '../alicloud-lab';
import { alicloudLabConfig } from '../alicloud-bindings';
import type { DrillResult } from './aws-failover';
import { clientsLeftEntry, drainSetEntry } from './client-connections';
import { timelineRecorder } from './timeline';

const INSTANCE = 'rm-bp1billing01';
const ENDPOINT = 'rm-bp1billing01.mysql.rds.aliyuncs.com';
const PRIMARY_IP = '10.1.1.10';
const STANDBY_IP = '10.1.2.20';
/** Client connections open on the primary before the failover. */
const CLIENTS = 3;
/** The binding's drain timeout: NLB's shortest (10 to 900 s), as `close` wants it short. */
const DRILL_DRAIN_SECONDS = 10;
/** How long the NLB's remove job runs; the drain is counted from its end. */
const REMOVE_MS = 400;
/** What the drill allows, past the remove job and the drain, for the close it sees scheduled. */
const CLOSE_SLACK_MS = 1000;

/**
 * ApsaraDB RDS `billing` switches to its standby: CloudMonitor reports `Instance_Failover`, DNS follows
 * `dnsLagMs` later, and the NLB Ip server group must follow with asynchronous add and remove jobs. In
 * the same binding, a CLB VServer group's serving relay has stopped passing health checks and must be
 * swapped for its spare. The real Function Compute handler runs against the lab, signing every call.
 */
export async function alicloudFailoverDrill(
  options: { dnsLagMs?: number; log?: (line: string) => void } = {},
): Promise<DrillResult> {
  const dnsLagMs = options.dnsLagMs ?? 2000;
  const lab = await startAlicloudLab();
  const startMs = Date.now();
  const { entries: timeline, observe } = timelineRecorder(startMs);
  try {
    // Drain off, as the console creates a group; the binding's onSwap turns it on.
    const serverGroupId = lab.nlb.createServerGroup({ port: 3306, addMs: 1200, removeMs: REMOVE_MS });
    lab.nlb.seedServer(serverGroupId, { ip: PRIMARY_IP, port: 3306, status: 'Available' });
    // Pooled clients, connected to the writer long before the failover.
    for (let i = 0; i < CLIENTS; i += 1) lab.nlb.openConnection(serverGroupId);
    const loadBalancerId = lab.clb.createLoadBalancer({ healthyAfterMs: 800 });
    const vServerGroupId = lab.clb.createVServerGroup(loadBalancerId, { listenerPort: 3306 });
    lab.clb.createInstance('i-bp1relay0a', '10.1.0.11');
    lab.clb.createInstance('i-bp1relay0b', '10.1.0.12');
    lab.clb.seedBackend(vServerGroupId, { serverId: 'i-bp1relay0a', port: 3306 });
    lab.clb.setInstanceHealth('i-bp1relay0a', 'abnormal');
    lab.dns.setA(ENDPOINT, [PRIMARY_IP]);
    const config = alicloudLabConfig(lab.dns.address, [
      {
        name: 'billing',
        instance: INSTANCE,
        endpoint: ENDPOINT,
        pools: [
          `      - alicloud-nlb: { region: cn-hangzhou, serverGroupId: ${serverGroupId} }`,
          `      - alicloud-clb: { region: cn-hangzhou, loadBalancerId: ${loadBalancerId}, vServerGroupId: ${vServerGroupId}, listenerPort: 3306, port: 3306, relays: [i-bp1relay0a, i-bp1relay0b] }`,
        ].join('\n'),
        onSwap: `{ clientConnections: close, deregistrationDelaySeconds: ${DRILL_DRAIN_SECONDS} }`,
      },
    ]);
    const log = createLogger({ write: options.log ?? (() => undefined) });

    const flip = setTimeout(() => lab.dns.setA(ENDPOINT, [STANDBY_IP]), dnsLagMs);
    const event = readFileSync(join(__dirname, '..', '..', 'events', 'alicloud-cloudmonitor-failover.json'));
    const report = await handleAlicloudInvocation(
      event,
      {
        requestId: 'drill',
        credentials: LAB_ALICLOUD_CREDENTIALS,
        function: { name: 'rds-event', timeout: 120 },
      },
      ['rds-event'],
      {
        config: async () => config,
        runtime: { log, observe, jobPollMs: 200, consistencyMs: LAB_CONSISTENCY_MS },
      },
    ).finally(() => clearTimeout(flip));

    // The drain is 10 s at the least: rather than wait for it, the drill reads the close NLB scheduled.
    const oldWriter = `${PRIMARY_IP}:3306`;
    const clients = lab.nlb.connections(serverGroupId).filter((c) => c.target === oldWriter);
    const removedAt = lab.nlb.calls.find((c) => c.action === 'RemoveServersFromServerGroup')?.at;
    const updatedAt = lab.nlb.calls.find((c) => c.action === 'UpdateServerGroupAttribute')?.at;
    const nlbPool = report.bindings[0]?.pools.find((p) => p.pool.startsWith('alicloud-nlb'));
    const drainSet = drainSetEntry(nlbPool?.connections, updatedAt, startMs);
    timeline.push(...(drainSet ? [drainSet] : []), clientsLeftEntry(clients, oldWriter, startMs, removedAt));
    timeline.sort((a, b) => a.atMs - b.atMs);
    const closes = clients.map((c) => c.closedAt ?? c.closesAt);
    const lastCloseMs = Math.max(...closes.map((t) => t ?? Number.POSITIVE_INFINITY));
    const closeDeadlineMs =
      (removedAt ?? Number.NaN) + REMOVE_MS + DRILL_DRAIN_SECONDS * 1000 + CLOSE_SLACK_MS;
    const servers = lab.nlb.servers(serverGroupId);
    const relays = lab.clb.backends(vServerGroupId);
    return {
      title: `Alibaba Cloud: ApsaraDB "billing" switches from ${PRIMARY_IP} to ${STANDBY_IP} (DNS lags ${(dnsLagMs / 1000).toFixed(1)} s); CLB relay i-bp1relay0a fails its health check`,
      timeline,
      report,
      checks: [
        {
          ok: servers.length === 1 && servers[0]?.ip === STANDBY_IP && servers[0].status === 'Available',
          what: `NLB server group holds ${servers.map((s) => `${s.ip}:${s.port} ${s.status}`).join(', ') || 'nothing'} (want ${STANDBY_IP}:3306 Available)`,
        },
        {
          ok: relays.length === 1 && relays[0]?.serverId === 'i-bp1relay0b' && relays[0].health === 'normal',
          what: `CLB VServer group holds ${relays.map((r) => `${r.serverId} ${r.health}`).join(', ')} (want i-bp1relay0b normal)`,
        },
        {
          ok: clients.length === CLIENTS && lastCloseMs <= closeDeadlineMs,
          what: `${closes.filter((t) => t !== undefined).length} of ${CLIENTS} client connection(s) on the old writer ${PRIMARY_IP} scheduled to be closed by the NLB, the last ${((lastCloseMs - (removedAt ?? Number.NaN)) / 1000).toFixed(1)} s after RemoveServersFromServerGroup (want within ${(REMOVE_MS + DRILL_DRAIN_SECONDS * 1000 + CLOSE_SLACK_MS) / 1000} s: remove job ${REMOVE_MS / 1000} s + drain ${DRILL_DRAIN_SECONDS} s + slack; onSwap: close)`,
        },
        {
          ok: lab.cms.events.length === 1,
          what: `${lab.cms.events.length} CloudMonitor event(s): ${lab.cms.events.map((e) => (JSON.parse(e.content) as { subject: string }).subject).join(' | ')}`,
        },
      ],
    };
  } catch (error) {
    return {
      title: 'Alibaba Cloud failover drill',
      timeline,
      checks: [{ ok: false, what: 'the drill itself failed' }],
      error: String(error),
    };
  } finally {
    await lab.close();
  }
}
