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
