import type { BindingMode, OnHealthTimeout } from './types';

/** An AWS ELBv2 target group of type `ip`. */
export interface Elbv2PoolConfig {
  readonly kind: 'aws-elbv2';
  readonly targetGroupArn: string;
  /** The port targets are registered on; defaults to the endpoint's port. */
  readonly port: number;
  /** `all` for an IP outside the target group's VPC (peered VPC, on premises). */
  readonly availabilityZone?: string;
}

/** One load balancer pool a binding keeps pinned to its endpoint. */
export type PoolConfig = Elbv2PoolConfig;

/** Which RDS event sources concern a binding, by identifier (ARNs are reduced to identifiers). */
export interface BindingSources {
  readonly awsInstances: readonly string[];
  readonly awsClusters: readonly string[];
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

export interface AlertTargets {
  /** SNS topic ARNs. */
  readonly sns: readonly string[];
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
  readonly alert: AlertTargets;
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
