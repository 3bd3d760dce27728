/** `ServerHealthStatus` in DescribeHealthStatus. */
export const ClbHealthStatus = {
  Normal: 'normal',
  Abnormal: 'abnormal',
  /** Not checked yet (freshly added) or health checks off. */
  Unavailable: 'unavailable',
} as const;
export type ClbHealthStatus = (typeof ClbHealthStatus)[keyof typeof ClbHealthStatus];

/** The health a test gives an ECS instance. */
export type ClbInstanceHealth = typeof ClbHealthStatus.Normal | typeof ClbHealthStatus.Abnormal;

/** One entry of `BackendServers.BackendServer` in the VServer group calls. */
export interface ClbBackendServerRow {
  ServerId: string;
  Port: number;
  Weight: number;
  Type: 'ecs';
  Description: string;
  /** The instance's private IP. */
  ServerIp: string;
}

/**
 * DescribeVServerGroupAttribute's response; Add/Remove/ModifyVServerGroupBackendServers answer the
 * group's backends after the change with the same `VServerGroupId` and `BackendServers`.
 */
export interface ClbVServerGroupResponse {
  RequestId: string;
  VServerGroupId: string;
  VServerGroupName?: string;
  LoadBalancerId?: string;
  /** Nested: the list is under `BackendServer`, singular. */
  BackendServers: { BackendServer: ClbBackendServerRow[] };
}

/** One entry of DescribeHealthStatus' `BackendServers.BackendServer`. */
export interface ClbHealthRow {
  ListenerPort: number;
  Port: number;
  Protocol: 'tcp';
  ServerHealthStatus: ClbHealthStatus;
  ServerId: string;
  ServerIp: string;
}

/** DescribeHealthStatus' response. */
export interface ClbHealthStatusResponse {
  RequestId: string;
  BackendServers: { BackendServer: ClbHealthRow[] };
}

/** The entries of the `BackendServers` JSON string, as a caller writes them. */
export interface ClbBackendServerParam {
  ServerId: string;
  Port: number;
  Weight?: number;
  Type?: 'ecs';
  Description?: string;
}
