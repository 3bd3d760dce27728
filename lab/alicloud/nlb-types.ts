/** A server's `Status` in ListServerGroupServers. */
export const NlbServerStatus = {
  Adding: 'Adding',
  Available: 'Available',
  Configuring: 'Configuring',
  Removing: 'Removing',
} as const;
export type NlbServerStatus = (typeof NlbServerStatus)[keyof typeof NlbServerStatus];

/**
 * GetJobStatus's `Status`. The API reference spells the running state `processing`, lower case, next to
 * `Succeeded`; the lab answers that spelling so that a caller comparing case-sensitively to `Processing`
 * fails here and not in production. `Failed` is not documented: assumed.
 */
export const NlbJobStatus = {
  Processing: 'processing',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
} as const;
export type NlbJobStatus = (typeof NlbJobStatus)[keyof typeof NlbJobStatus];

/** One row of ListServerGroupServers' `Servers`. */
export interface NlbServerRow {
  ServerGroupId: string;
  /** For an Ip server group, the IP itself. */
  ServerId: string;
  ServerIp: string;
  ServerType: 'Ip';
  Port: number;
  Weight: number;
  Status: NlbServerStatus;
  ZoneId?: string;
  Description: string;
}

/** ListServerGroupServers' response. */
export interface NlbListServersResponse {
  RequestId: string;
  Servers: NlbServerRow[];
  /** Absent on the last page. */
  NextToken?: string;
  MaxResults: number;
  TotalCount: number;
}

/** AddServersToServerGroup's and RemoveServersFromServerGroup's response. */
export interface NlbJobResponse {
  RequestId: string;
  JobId: string;
  ServerGroupId: string;
}

/** GetJobStatus's response. */
export interface NlbJobStatusResponse {
  RequestId: string;
  Status: NlbJobStatus;
}

/**
 * A non-normal server's `Status` in GetListenerHealthStatus; normal servers are not listed at all.
 * `Initial`: health checks configured, no result yet. `Unhealthy`: failing its checks. `Unused`:
 * weight 0. `Unavailable`: health checks off.
 */
export const NlbHealthCheckStatus = {
  Initial: 'Initial',
  Unhealthy: 'Unhealthy',
  Unused: 'Unused',
  Unavailable: 'Unavailable',
} as const;
export type NlbHealthCheckStatus = (typeof NlbHealthCheckStatus)[keyof typeof NlbHealthCheckStatus];

/** A listener's `ListenerProtocol`. */
export type NlbListenerProtocol = 'TCP' | 'UDP' | 'TCPSSL';

/** One entry of GetListenerHealthStatus' `NonNormalServers`. */
export interface NlbNonNormalServerRow {
  /** For an Ip server group, the IP itself. */
  ServerId: string;
  ServerIp: string;
  Port: number;
  Status: NlbHealthCheckStatus;
  /** Only on an `Unhealthy` server in the lab. */
  Reason?: { ReasonCode: string };
}

/** GetListenerHealthStatus' response; the lab's listeners forward to one server group each. */
export interface NlbListenerHealthResponse {
  RequestId: string;
  ListenerHealthStatus: {
    ListenerId: string;
    ListenerPort: number;
    ListenerProtocol: NlbListenerProtocol;
    ServerGroupInfos: {
      ServerGroupId: string;
      /** The API's spelling. */
      HeathCheckEnabled: boolean;
      NonNormalServers: NlbNonNormalServerRow[];
    }[];
  }[];
  /** Absent on the last page. */
  NextToken?: string;
  MaxResults: number;
  TotalCount: number;
}
