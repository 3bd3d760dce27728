import { LAB_CONSISTENCY_MS } from '../consistency';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../../shared/log/logger';
import { handleAlicloudInvocation } from '../../shared/platform/alicloud-handler';
import { startAlicloudLab, LAB_ALICLOUD_CREDENTIALS } from '../alicloud-lab';
import { alicloudLabConfig } from '../alicloud-bindings';
import type { DrillResult } from './aws-failover';
import { timelineRecorder } from './timeline';

const INSTANCE = 'rm-bp1billing01';
const ENDPOINT = 'rm-bp1billing01.mysql.rds.aliyuncs.com';
const PRIMARY_IP = '10.1.1.10';
const STANDBY_IP = '10.1.2.20';

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
  const { entries: timeline, observe } = timelineRecorder();
  try {
    const serverGroupId = lab.nlb.createServerGroup({ port: 3306, addMs: 1200, removeMs: 400 });
    lab.nlb.seedServer(serverGroupId, { ip: PRIMARY_IP, port: 3306, status: 'Available' });
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
