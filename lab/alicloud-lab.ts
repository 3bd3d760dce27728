import { startDnsServer } from './dns/dns-server';
import type { LabDnsServer } from './dns/dns-server';
import { ClbEmulator } from './alicloud/clb-emulator';
import { CloudMonitorEmulator } from './alicloud/cloudmonitor-emulator';
import { KmsEmulator } from './alicloud/kms-emulator';
import { NlbEmulator } from './alicloud/nlb-emulator';
import { RdsEmulator } from './alicloud/rds-emulator';
import { startRpcServer } from './alicloud/server';
import { TablestoreEmulator } from './alicloud/tablestore-emulator';
import { startTablestoreServer } from './alicloud/tablestore-server';
import { DEFAULT_LEASE_TABLE, LeaseTablestoreEnv, LeaseColumn } from '../shared/lease/tablestore-constants';
import { TABLESTORE_ENDPOINT_ENV } from '../shared/lease/tablestore-endpoint';

/** The credentials the lab's Alibaba emulators accept: every request is signed with them and checked. */
export const LAB_ALICLOUD_CREDENTIALS = {
  accessKeyId: 'LTAI5tLabLabLabLabLab',
  accessKeySecret: 'lab-alicloud-secret-not-real',
  securityToken: 'lab-sts-token-not-real',
} as const;

/** The Tablestore instance and lease table the lab starts with, as a deploy would have made them. */
export const LAB_TABLESTORE = { instance: 'lab-leases', table: DEFAULT_LEASE_TABLE } as const;

/**
 * The local Alibaba Cloud world: DNS, NLB, CLB, RDS, CloudMonitor and KMS speaking the RPC protocol, and
 * Tablestore (the lease store) speaking its own.
 */
export interface AlicloudLab {
  readonly dns: LabDnsServer;
  readonly nlb: NlbEmulator;
  readonly clb: ClbEmulator;
  readonly rds: RdsEmulator;
  readonly cms: CloudMonitorEmulator;
  /** Where the writability check's login ciphertexts are decrypted; `encrypt` makes one. */
  readonly kms: KmsEmulator;
  /** Holds `LAB_TABLESTORE`; its endpoint is in `ALICLOUD_ENDPOINT_OTS`. */
  readonly ots: TablestoreEmulator;
  close(): Promise<void>;
}

/** What a deploy would set for the functions, pointing at the lab's instance and table. */
const LEASE_VARIABLES: Readonly<Record<string, string>> = {
  [LeaseTablestoreEnv.Instance]: LAB_TABLESTORE.instance,
  [LeaseTablestoreEnv.Table]: LAB_TABLESTORE.table,
};

const ENDPOINT_VARIABLES = [
  'ALICLOUD_ENDPOINT_NLB',
  'ALICLOUD_ENDPOINT_SLB',
  'ALICLOUD_ENDPOINT_RDS',
  'ALICLOUD_ENDPOINT_CMS',
  'ALICLOUD_ENDPOINT_KMS',
  TABLESTORE_ENDPOINT_ENV,
];

/**
 * Starts the emulators on loopback ports and points the adapters at them through `ALICLOUD_ENDPOINT_*`,
 * so the code under test is the code that ships, signing real requests with pop-core.
 */
export async function startAlicloudLab(): Promise<AlicloudLab> {
  const credentials = { [LAB_ALICLOUD_CREDENTIALS.accessKeyId]: LAB_ALICLOUD_CREDENTIALS.accessKeySecret };
  const dns = await startDnsServer();
  const nlb = new NlbEmulator();
  const clb = new ClbEmulator();
  const rds = new RdsEmulator();
  const cms = new CloudMonitorEmulator();
  const kms = new KmsEmulator();
  const ots = new TablestoreEmulator();
  ots.createInstance(LAB_TABLESTORE.instance);
  ots.seedTable(LAB_TABLESTORE.instance, LAB_TABLESTORE.table, [{ name: LeaseColumn.Pool, type: 'STRING' }]);
  // In the order of ENDPOINT_VARIABLES.
  const servers = await Promise.all([
    ...[nlb, clb, rds, cms, kms].map((service) => startRpcServer(service, { credentials })),
    startTablestoreServer(ots, { credentials }),
  ]);
  const variables = [...ENDPOINT_VARIABLES, ...Object.keys(LEASE_VARIABLES)];
  const saved = Object.fromEntries(variables.map((key) => [key, process.env[key]]));
  ENDPOINT_VARIABLES.forEach((key, i) => (process.env[key] = servers[i]?.url));
  Object.assign(process.env, LEASE_VARIABLES);
  return {
    dns,
    nlb,
    clb,
    rds,
    cms,
    kms,
    ots,
    async close() {
      for (const key of variables) Reflect.deleteProperty(process.env, key);
      Object.assign(
        process.env,
        Object.fromEntries(Object.entries(saved).filter(([, v]) => v !== undefined)),
      );
      await Promise.all([dns.close(), ...servers.map((s) => s.close())]);
    },
  };
}
