import type { ProbeProtocol } from './probe-protocol';
import type { OnForeignRecord } from './record-plan';
import type { BindingMode, OnHealthTimeout } from './types';

/**
 * A role in another account that the function assumes (STS `AssumeRole`) to manage a pool there. The
 * external id is the other account's guard against a confused deputy, not a secret, but it is never
 * logged either.
 */
export interface AssumeRoleConfig {
  readonly roleArn: string;
  readonly externalId?: string;
}

/** An AWS ELBv2 target group of type `ip`. */
export interface Elbv2PoolConfig {
  readonly kind: 'aws-elbv2';
  readonly targetGroupArn: string;
  /** The port targets are registered on; defaults to the endpoint's port. */
  readonly port: number;
  /** `all` for an IP outside the target group's VPC (peered VPC, on premises). */
  readonly availabilityZone?: string;
  /** Set when the target group is in another account. */
  readonly assumeRole?: AssumeRoleConfig;
}

/**
 * A simple A record in a Route 53 hosted zone (usually a private zone that consumers in peered VPCs or
 * on premises resolve), kept equal to the database's addresses with one atomic UPSERT.
 */
export interface Route53RecordPoolConfig {
  readonly kind: 'aws-route53-record';
  /** The zone's id without the `/hostedzone/` prefix, e.g. `Z0123456789ABCDEFGHIJ`. */
  readonly hostedZoneId: string;
  /** Fully qualified, lower case, with its final dot, as Route 53 lists names: `orders.db.internal.`. */
  readonly recordName: string;
  readonly ttlSeconds: number;
  readonly onForeignRecord: OnForeignRecord;
  /** Set when the hosted zone is in another account. */
  readonly assumeRole?: AssumeRoleConfig;
}

/** An Alibaba Cloud NLB server group of type `Ip` (API 2022-04-30). */
export interface AlicloudNlbPoolConfig {
  readonly kind: 'alicloud-nlb';
  readonly region: string;
  readonly serverGroupId: string;
  /** The port servers are added on; defaults to the endpoint's port. */
  readonly port: number;
  /**
   * A listener forwarding to the group (`lsn-...`): when set, its health checks
   * (`GetListenerHealthStatus`) also judge the servers, so an `Available` server that fails them is
   * not healthy.
   */
  readonly listenerId?: string;
}

/**
 * An Alibaba Cloud CLB VServer group. CLB cannot hold an IP, so it points at ECS relays that forward
 * to the database's domain; the handler keeps the group on healthy relays, not on the database IP.
 */
export interface AlicloudClbPoolConfig {
  readonly kind: 'alicloud-clb';
  readonly region: string;
  readonly loadBalancerId: string;
  readonly vServerGroupId: string;
  /** The listener whose health checks (`DescribeHealthStatus`) judge the relays. */
  readonly listenerPort: number;
  /** The relays' forwarding port: the backend port in the group. */
  readonly port: number;
  /** ECS instance ids, in order of preference: the first `activeRelays` healthy ones serve. */
  readonly relays: readonly string[];
  readonly activeRelays: number;
  readonly weight: number;
}

/** One load balancer pool a binding keeps pinned to its endpoint. */
export type PoolConfig =
  Elbv2PoolConfig | Route53RecordPoolConfig | AlicloudNlbPoolConfig | AlicloudClbPoolConfig;

/** The cloud whose functions manage a pool. */
export type Platform = 'aws' | 'alicloud';

export function platformOf(pool: PoolConfig): Platform {
  return pool.kind === 'aws-elbv2' || pool.kind === 'aws-route53-record' ? 'aws' : 'alicloud';
}

/** Which RDS event sources concern a binding, by identifier (ARNs are reduced to identifiers). */
export interface BindingSources {
  readonly awsInstances: readonly string[];
  readonly awsClusters: readonly string[];
  /** ApsaraDB RDS instance ids (`rm-...`). */
  readonly alicloudInstances: readonly string[];
}

/**
 * An authoritative answer besides DNS: ApsaraDB RDS `DescribeDBInstanceNetInfo`. When it and DNS
 * disagree, `prefer` decides and the report says which won.
 */
export interface AlicloudRdsResolveConfig {
  readonly region: string;
  readonly instance: string;
  readonly prefer: 'dns' | 'api';
}

/**
 * The writer of an Aurora cluster or a Multi-AZ DB cluster from the RDS API (`DescribeDBClusters`, then
 * the writer instance's own endpoint), asked beside DNS so that a failover does not wait for the cluster
 * CNAME to move. When it and DNS disagree, `prefer` decides and the report says which won.
 */
export interface AwsRdsWriterResolveConfig {
  /** The cluster identifier (an ARN in the file is reduced to it). */
  readonly cluster: string;
  /** The ARN, when the file gave one: IAM is granted on it as written. */
  readonly clusterArn?: string;
  readonly prefer: 'dns' | 'api';
}

/** Answers asked beside DNS; see each one. */
export interface ResolveSources {
  readonly alicloudRds?: AlicloudRdsResolveConfig;
  readonly awsRdsWriter?: AwsRdsWriterResolveConfig;
  readonly route53?: Route53ResolveConfig;
}

/**
 * A Route 53 record that names the database (read with `ListResourceRecordSets`, CNAMEs followed in the
 * zone), asked beside DNS; `prefer` decides a disagreement, as for `AlicloudRdsResolveConfig`.
 */
export interface Route53ResolveConfig {
  readonly hostedZoneId: string;
  /** Lower case with the final dot, as Route 53 lists names. */
  readonly recordName: string;
  readonly prefer: 'dns' | 'api';
  readonly assumeRole?: AssumeRoleConfig;
}

export interface BindingPolicy {
  readonly mode: BindingMode;
  /** How long a failover event may wait for DNS to move. */
  readonly settleSeconds: number;
  /** How often DNS is asked again while settling. */
  readonly settlePollMs: number;
  /** How long new backends have to become healthy before `onHealthTimeout` applies. */
  readonly healthTimeoutSeconds: number;
  readonly healthPollMs: number;
  readonly onHealthTimeout: OnHealthTimeout;
}

/** What happens to clients' established connections when a pool's member moves (issue 12). */
export const ClientConnections = {
  /** The pool's drain settings are read and reported, never changed. */
  Leave: 'leave',
  /** Connections to a removed member are closed once a short deregistration delay has passed. */
  Close: 'close',
} as const;
export type ClientConnections = (typeof ClientConnections)[keyof typeof ClientConnections];

export interface OnSwapPolicy {
  readonly clientConnections: ClientConnections;
  /** With `close`: how long a removed member keeps its connections before they are closed. */
  readonly deregistrationDelaySeconds: number;
}

/** A webhook alert destination. `url` is a secret (it carries the robot's token): never logged. */
export interface WebhookTarget {
  readonly kind: 'generic' | 'dingtalk' | 'slack';
  readonly url: string;
}

export interface AlertTargets {
  /** SNS topic ARNs. */
  readonly sns: readonly string[];
  /** Alibaba CloudMonitor custom events (`PutCustomEvent`) in this region. */
  readonly cloudMonitor?: { readonly region: string; readonly groupId?: string };
  readonly webhooks: readonly WebhookTarget[];
}

/**
 * Where the writability check's database login comes from. The login itself (user name and password) is
 * read when an address is about to be registered and never logged, reported or kept beyond the check.
 */
export type ProbeLoginSource =
  | {
      /** A Secrets Manager secret whose JSON holds `username` and `password` (and, optionally, `dbname`). */
      readonly kind: 'aws-secret';
      readonly secretArn: string;
      /** Only when the secret is encrypted with a customer-managed key: `kms:Decrypt` on it. */
      readonly kmsKeyArn?: string;
    }
  | {
      /**
       * A KMS ciphertext (base64 `CiphertextBlob`) of that JSON, in the function's environment variable
       * `variable`, decrypted with KMS `Decrypt` in `region`; `keyId` scopes the RAM grant.
       */
      readonly kind: 'alicloud-kms-env';
      readonly variable: string;
      readonly region: string;
      readonly keyId: string;
    };

/** How the writability check's login travels. */
export const ProbeTls = {
  /** Encrypted; the server's certificate is not verified (libpq's `sslmode=require`). */
  Require: 'require',
  /** In clear: only for a network the operator trusts with the password. */
  Disable: 'disable',
} as const;
export type ProbeTls = (typeof ProbeTls)[keyof typeof ProbeTls];

/**
 * After the protocol probe, a login to the new address asking whether it takes writes: MySQL and
 * MariaDB `@@global.read_only` and `@@global.innodb_read_only` (Aurora MySQL readers), PostgreSQL
 * `pg_is_in_recovery()`. A read-only node is a replica or a demoted primary: never registered.
 */
export interface WritableCheckConfig {
  readonly login: ProbeLoginSource;
  readonly tls: ProbeTls;
  /** PostgreSQL: the database to log in to; the login's `dbname`, else `postgres`. */
  readonly database?: string;
}

/**
 * A check of a new address before it is registered: a TCP connect, or the opening of the database's own
 * protocol (MySQL greeting, PostgreSQL SSLRequest), within `timeoutMs`; with `writable`, then a login
 * that asks whether the node takes writes, within the same limit.
 */
export interface ProbeConfig {
  readonly protocol: ProbeProtocol;
  readonly timeoutMs: number;
  readonly writable?: WritableCheckConfig;
}

/** A database endpoint and the pools that must follow it. The unit of reconciliation. */
export interface Binding {
  readonly name: string;
  readonly endpoint: { readonly host: string; readonly port: number };
  readonly sources: BindingSources;
  readonly pools: readonly PoolConfig[];
  readonly allowedCidrs: readonly string[];
  readonly maxBackends: number;
  readonly policy: BindingPolicy;
  /** Absent: `leave`, so that nobody's pool settings change without their saying so. */
  readonly onSwap?: OnSwapPolicy;
  readonly alert: AlertTargets;
  readonly resolve?: ResolveSources;
  /** Tried on every address before it is registered in an IP pool; a failure holds the change. */
  readonly probe?: ProbeConfig;
}

export interface DnsSettings {
  /** Empty: the system's resolvers (in a VPC, the Amazon-provided DNS). */
  readonly servers: readonly string[];
  readonly timeoutMs: number;
}

/** A loaded, validated bindings file. */
export interface Config {
  readonly dns: DnsSettings;
  readonly bindings: readonly Binding[];
}
