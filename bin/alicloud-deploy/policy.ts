import { ClientConnections, platformOf } from '../../shared/core/config-types';
import type { AlicloudClbPoolConfig, AlicloudNlbPoolConfig, Config } from '../../shared/core/config-types';

/** A RAM policy document (version 1), as `CreatePolicy` takes it. */
export interface RamPolicy {
  readonly Version: '1';
  readonly Statement: readonly RamStatement[];
}

export interface RamStatement {
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
}

/** The actions the functions call, by service: nothing else is granted. */
export const RAM_ACTIONS = {
  nlb: ['nlb:ListServerGroupServers', 'nlb:AddServersToServerGroup', 'nlb:RemoveServersFromServerGroup'],
  nlbJobs: ['nlb:GetJobStatus'],
  /** The group's drain settings, read once per invocation (ListServerGroups). */
  nlbGroupRead: ['nlb:ListServerGroups'],
  /** Only for groups whose binding asks `onSwap.clientConnections: close`. */
  nlbGroupWrite: ['nlb:UpdateServerGroupAttribute'],
  nlbListenerHealth: ['nlb:GetListenerHealthStatus'],
  clbRead: ['slb:DescribeVServerGroupAttribute', 'slb:DescribeHealthStatus'],
  clbWrite: [
    'slb:AddVServerGroupBackendServers',
    'slb:RemoveVServerGroupBackendServers',
    'slb:ModifyVServerGroupBackendServers',
  ],
  rds: ['rds:DescribeDBInstanceNetInfo'],
  cms: ['cms:PutCustomEvent'],
  /** Only for bindings whose writability check reads its login from a KMS ciphertext. */
  kmsDecrypt: ['kms:Decrypt'],
  lease: ['ots:GetRow', 'ots:PutRow'],
  /**
   * What Function Compute does with the role when the service runs in a VPC: read the VPC and its
   * vSwitches, then create, attach and clean up the elastic network interfaces the instances use. The
   * VPC and ECS statements of AliyunServiceRolePolicyForFC (v9, RAM "AliyunServiceRolePolicyForFC";
   * Function Compute, "Service-linked role of Function Compute"), less image pulls, tags and
   * security-group egress changes, which a deploy with an existing security group does not need.
   */
  vpcRead: ['vpc:DescribeVpcAttribute', 'vpc:DescribeVSwitchAttributes', 'vpc:DescribeVSwitches'],
  networkInterfaces: [
    'ecs:CreateNetworkInterface',
    'ecs:DeleteNetworkInterface',
    'ecs:DescribeNetworkInterfaces',
    'ecs:AttachNetworkInterface',
    'ecs:DetachNetworkInterface',
    'ecs:CreateNetworkInterfacePermission',
    'ecs:DeleteNetworkInterfacePermission',
    'ecs:DescribeNetworkInterfacePermissions',
    'ecs:DescribeSecurityGroups',
    'ecs:DescribeSecurityGroupAttribute',
  ],
  /** Function Compute ships the functions' stdout to the configured logstore with the role's keys. */
  logs: ['log:PostLogStoreLogs'],
} as const;

/** What the deploying key needs on the lease table, besides Function Compute (see `lease-table.ts`). */
export const DEPLOYER_LEASE_ACTIONS = ['ots:CreateTable', 'ots:DescribeTable'] as const;

/** The lease table the functions read and write, as the policy names it. */
export interface LeaseTableResource {
  /** The deploy's region; `*` when `--print-policy` is given none. */
  readonly region: string;
  readonly instance: string;
  readonly table: string;
}

/** `acs:ots:<region>:<account>:instance/<instance>/table/<table>` (Tablestore RAM docs, resource ARNs). */
export function leaseTableArn(lease: LeaseTableResource, accountId: string): string {
  return `acs:ots:${lease.region}:${accountId}:instance/${lease.instance}/table/${lease.table}`;
}

/** The options of the deploy that make Function Compute itself act with the role. */
export interface PolicyOptions {
  /** The deploy's region, for the logstore's ARN; `*` when unknown (`--print-policy` alone). */
  readonly region?: string;
  readonly vpc?: {
    readonly vpcId: string;
    readonly vSwitchIds: readonly string[];
    readonly securityGroupId: string;
  };
  readonly log?: { readonly project: string; readonly logstore: string };
  /** The lease table the functions read and write. */
  readonly lease?: LeaseTableResource;
  /** A function that cannot load its bindings alerts through CloudMonitor (`--alert-cloudmonitor-region`). */
  readonly fallbackCloudMonitor?: boolean;
}

/**
 * The least-privilege policy for the function role, from the bindings: each action on the resources
 * the bindings name (each pool in its own region), `*` only where RAM has no resource-level
 * permission for the action, and the lease store's calls on its table (`lease`). Statements for
 * services no binding uses are left out. `accountId`
 * defaults to `*` so that `--print-policy` works without credentials: a role acts in its own account
 * anyway.
 */
export function buildRamPolicy(config: Config, accountId = '*', options: PolicyOptions = {}): RamPolicy {
  // Only what the Function Compute functions manage: bindings with a pool on Alibaba Cloud.
  const bindings = config.bindings.filter((b) => b.pools.some((p) => platformOf(p) === 'alicloud'));
  const pools = bindings.flatMap((b) => b.pools);
  const nlb = pools.filter((p): p is AlicloudNlbPoolConfig => p.kind === 'alicloud-nlb');
  const clb = pools.filter((p): p is AlicloudClbPoolConfig => p.kind === 'alicloud-clb');
  const rds = bindings.flatMap((b) => (b.resolve?.alicloudRds ? [b.resolve.alicloudRds] : []));
  const alerts =
    options.fallbackCloudMonitor === true || bindings.some((b) => b.alert.cloudMonitor !== undefined);
  const arn = (service: string, region: string, resource: string) =>
    `acs:${service}:${region}:${accountId}:${resource}`;
  const groupArns = (pools: readonly AlicloudNlbPoolConfig[]) =>
    pools.map((p) => arn('nlb', p.region, `servergroup/${p.serverGroupId}`));
  const loadBalancers = unique(clb.map((p) => arn('slb', p.region, `loadbalancer/${p.loadBalancerId}`)));
  const statements: RamStatement[] = [];
  if (nlb.length > 0) {
    // ListServerGroupServers: the API reference lists the ServerGroup resource type since late 2024
    // (earlier: all resources); the adapter always passes ServerGroupId, so the group ARN applies.
    statements.push(
      allow(RAM_ACTIONS.nlb, groupArns(nlb)),
      // GetJobStatus takes a job id: RAM documents no resource type for it, only "all resources".
      allow(RAM_ACTIONS.nlbJobs, ['*']),
      // Unverified: whether RAM authorises ListServerGroups per group; the adapter always names the one
      // group (`ServerGroupIds.1`), so the group's ARN is what a resource-level check would see.
      allow(RAM_ACTIONS.nlbGroupRead, groupArns(nlb)),
    );
    const closing = bindings
      .filter((b) => b.onSwap?.clientConnections === ClientConnections.Close)
      .flatMap((b) => b.pools)
      .filter((p): p is AlicloudNlbPoolConfig => p.kind === 'alicloud-nlb');
    if (closing.length > 0) statements.push(allow(RAM_ACTIONS.nlbGroupWrite, groupArns(closing)));
  }
  const listened = nlb.filter((p) => p.listenerId !== undefined);
  if (listened.length > 0) {
    // GetListenerHealthStatus is authorised on the NLB instance, which the bindings do not name (they
    // name the listener): every NLB of the account in the region, read-only.
    statements.push(
      allow(
        RAM_ACTIONS.nlbListenerHealth,
        listened.map((p) => arn('nlb', p.region, 'loadbalancer/*')),
      ),
    );
  }
  if (clb.length > 0) {
    statements.push(
      allow(RAM_ACTIONS.clbRead, loadBalancers),
      // The backend-server actions are authorised on the load balancer and, optionally, on the ECS
      // instances they name: granting the relays only keeps the role from attaching anything else.
      allow(RAM_ACTIONS.clbWrite, [
        ...loadBalancers,
        ...unique(clb.flatMap((p) => p.relays.map((id) => arn('ecs', p.region, `instance/${id}`)))),
      ]),
    );
  }
  if (rds.length > 0) {
    statements.push(
      allow(
        RAM_ACTIONS.rds,
        rds.map((r) => arn('rds', r.region, `dbinstance/${r.instance}`)),
      ),
    );
  }
  // Decrypt is authorised on the key ("Use RAM to control access to resources", KMS: Decrypt, resource type
  // Key, `acs:kms:${region}:${account}:key/${key-id}`; AlibabaCloudDocs/kms, intl.en-US/Access control and
  // audit/Use RAM to control access to resources.md): exactly the keys the bindings name, so the role
  // decrypts no other ciphertext, and the reader refuses one of another key all the same.
  const keys = bindings.flatMap((b) => {
    const login = b.probe?.writable?.login;
    return login?.kind === 'alicloud-kms-env' ? [arn('kms', login.region, `key/${login.keyId}`)] : [];
  });
  if (keys.length > 0) statements.push(allow(RAM_ACTIONS.kmsDecrypt, keys));
  // PutCustomEvent creates an event, not a resource: RAM documents only "all resources" for it.
  if (alerts) statements.push(allow(RAM_ACTIONS.cms, ['*']));
  // Every change to a pool is made under its lease: the two calls of the store, on its one table.
  if (options.lease !== undefined && bindings.length > 0) {
    statements.push(allow(RAM_ACTIONS.lease, [leaseTableArn(options.lease, accountId)]));
  }
  if (options.vpc) {
    // Unverified: whether these actions take resource-level ARNs (the vSwitch, the security group);
    // the system policy grants them on "*", and a narrower grant that RAM refuses would break the
    // deploy where it cannot be seen until Function Compute creates the first instance.
    statements.push(allow(RAM_ACTIONS.vpcRead, ['*']), allow(RAM_ACTIONS.networkInterfaces, ['*']));
  }
  if (options.log) {
    const region = options.region ?? '*';
    statements.push(
      allow(RAM_ACTIONS.logs, [
        `acs:log:${region}:${accountId}:project/${options.log.project}/logstore/${options.log.logstore}`,
      ]),
    );
  }
  return { Version: '1', Statement: statements };
}

function allow(actions: readonly string[], resources: readonly string[]): RamStatement {
  return { Effect: 'Allow', Action: [...actions], Resource: unique(resources) };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
