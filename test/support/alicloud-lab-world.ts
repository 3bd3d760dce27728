import { LAB_CONSISTENCY_MS } from '../../lab/consistency';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../shared/core/config-types';
import type { Report } from '../../shared/core/report';
import type { Trigger } from '../../shared/events/types';
import { createLogger } from '../../shared/log/logger';
import type { LogRecord } from '../../shared/log/logger';
import { handleAlicloudInvocation } from '../../shared/platform/alicloud-handler';
import type { FcContext } from '../../shared/platform/alicloud-handler';
import type { AdmissionAccess } from '../../shared/probe/admission';
import { startAlicloudLab, LAB_ALICLOUD_CREDENTIALS } from '../../lab/alicloud-lab';
import type { AlicloudLab } from '../../lab/alicloud-lab';
import { alicloudLabConfig } from '../../lab/alicloud-bindings';

export const INSTANCE = 'rm-bp1billing01';
export const ENDPOINT = 'rm-bp1billing01.mysql.rds.aliyuncs.com';
export const PRIMARY_IP = '10.1.1.10';
export const STANDBY_IP = '10.1.2.20';
/** How long the NLB's remove jobs run. */
export const NLB_REMOVE_MS = 50;

export interface AlicloudWorld {
  readonly lab: AlicloudLab;
  readonly serverGroupId: string;
  readonly vServerGroupId: string;
  readonly records: LogRecord[];
  readonly config: Config;
  /**
   * Invokes a Function Compute handler as FC would: a Buffer, STS credentials in the context, and a
   * function timeout of `timeoutSeconds` (60 by default).
   */
  invoke(
    event: string | object,
    accepts: Trigger['kind'][],
    credentials?: FcContext['credentials'],
    timeoutSeconds?: number,
  ): Promise<Report>;
  /** `ip:port Status` of every NLB server, sorted. */
  nlbServers(): string[];
  close(): Promise<void>;
}

/**
 * The Alibaba lab with one binding, `billing`, on an NLB Ip server group (on the primary's IP) and,
 * when `clb` is set, a CLB VServer group on relay `i-primary` with `i-standby` spare.
 */
export async function alicloudWorld(
  options: {
    clb?: boolean;
    resolveWithApi?: 'dns' | 'api';
    settleSeconds?: number;
    addMs?: number;
    /** The binding's `onSwap`, a YAML flow mapping. */
    onSwap?: string;
    /** The server group's drain as created; off by default, as in the console. */
    connectionDrain?: { enabled: boolean; timeoutSeconds: number };
    /** The binding's `probe`, a YAML flow mapping. */
    probe?: string;
    /** Replaces parts of the runtime's admission (the protocol probe, the writability check). */
    admission?: AdmissionAccess;
  } = {},
): Promise<AlicloudWorld> {
  const lab = await startAlicloudLab();
  const serverGroupId = lab.nlb.createServerGroup({
    port: 3306,
    addMs: options.addMs ?? 100,
    removeMs: NLB_REMOVE_MS,
    ...(options.connectionDrain ? { connectionDrain: options.connectionDrain } : {}),
  });
  lab.nlb.seedServer(serverGroupId, { ip: PRIMARY_IP, port: 3306, status: 'Available' });
  const loadBalancerId = lab.clb.createLoadBalancer({ healthyAfterMs: 150 });
  const vServerGroupId = lab.clb.createVServerGroup(loadBalancerId, { listenerPort: 3306 });
  lab.clb.createInstance('i-primary', '10.1.0.11');
  lab.clb.createInstance('i-standby', '10.1.0.12');
  lab.clb.seedBackend(vServerGroupId, { serverId: 'i-primary', port: 3306 });
  lab.dns.setA(ENDPOINT, [PRIMARY_IP]);
  lab.rds.setNetInfo(INSTANCE, [
    {
      ConnectionString: ENDPOINT,
      IPAddress: PRIMARY_IP,
      IPType: 'Private',
      Port: '3306',
      ConnectionStringType: 'Normal',
    },
  ]);
  const pools = [
    `      - alicloud-nlb: { region: cn-hangzhou, serverGroupId: ${serverGroupId} }`,
    ...(options.clb
      ? [
          `      - alicloud-clb: { region: cn-hangzhou, loadBalancerId: ${loadBalancerId}, vServerGroupId: ${vServerGroupId}, listenerPort: 3306, port: 3306, relays: [i-primary, i-standby] }`,
        ]
      : []),
  ].join('\n');
  const config = alicloudLabConfig(lab.dns.address, [
    {
      name: 'billing',
      instance: INSTANCE,
      endpoint: ENDPOINT,
      pools,
      ...(options.resolveWithApi ? { resolveWithApi: options.resolveWithApi } : {}),
      ...(options.onSwap ? { onSwap: options.onSwap } : {}),
      ...(options.probe ? { probe: options.probe } : {}),
      policy: `      settleSeconds: ${options.settleSeconds ?? 6}
      settlePollMs: 100
      healthPollMs: 50
      healthTimeoutSeconds: 5`,
    },
  ]);
  const records: LogRecord[] = [];
  const log = createLogger({ write: () => undefined, observe: (r) => records.push(r) });
  return {
    lab,
    serverGroupId,
    vServerGroupId,
    records,
    config,
    invoke: (event, accepts, credentials = LAB_ALICLOUD_CREDENTIALS, timeoutSeconds = 60) => {
      const text =
        typeof event === 'string'
          ? readFileSync(join(__dirname, '..', '..', 'events', event), 'utf8')
          : JSON.stringify(event);
      const context: FcContext = {
        requestId: 'lab-request',
        credentials,
        function: { name: 'rds-event', timeout: timeoutSeconds },
      };
      return handleAlicloudInvocation(Buffer.from(text), context, accepts, {
        config: async () => config,
        runtime: {
          log,
          jobPollMs: 25,
          timeoutMs: 2000,
          consistencyMs: LAB_CONSISTENCY_MS,
          ...(options.admission ? { admission: options.admission } : {}),
        },
      });
    },
    nlbServers: () =>
      lab.nlb
        .servers(serverGroupId)
        .map((s) => `${s.ip}:${s.port} ${s.status}`)
        .sort(),
    close: () => lab.close(),
  };
}
