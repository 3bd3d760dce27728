import type { TokenBucketSpec } from '../core/token-bucket';

/**
 * The documented request budgets of the APIs the functions call, one token bucket per API family and
 * region (and account, which one function never leaves). Numbers a bucket cannot exceed, with their
 * sources; `clientShare` keeps a margin for the other callers of the same account (the console, other
 * tools), which share the bucket and which we cannot see.
 */
export const API_BUDGETS = {
  /**
   * ELBv2 Describe* (DescribeTargetHealth, DescribeTargetGroups): 40 tokens, 10 a second, per account
   * and Region. "Request throttling for the Elastic Load Balancing API",
   * https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-api-throttling.html
   */
  'elbv2:describe': { capacity: 40, refillPerSecond: 10 },
  /**
   * ELBv2 RegisterTargets / DeregisterTargets. The same page gives registration actions their own bucket;
   * its table could not be read from here, so these figures are unverified: 20 tokens, 4 a second is
   * below every figure seen quoted for it. A lower guess only slows very large runs.
   */
  'elbv2:register': { capacity: 20, refillPerSecond: 4 },
  /**
   * Every RDS API action shares one bucket per account and Region by default: "up to 300 requests in a
   * burst and a sustained 12 requests per second" ("Request throttling for the Amazon RDS API",
   * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-api-throttling.html). The writer lookup
   * asks DescribeDBClusters once per settle poll, DescribeDBInstances once per instance.
   */
  'rds:api': { capacity: 300, refillPerSecond: 12 },
  /**
   * NLB 2022-04-30, per region, API and account ("API速率配额", https://help.aliyun.com/zh/slb/
   * network-load-balancer/developer-reference/api-nlb-2022-04-30-quota): ListServerGroupServers and
   * GetJobStatus 20 per 1 s; AddServersToServerGroup and RemoveServersFromServerGroup 200 per 60 s.
   * Alibaba states a count per window, not the algorithm: a bucket of half the count refilling at half
   * the rate lets through at most the count in any window of that length, however the window is placed
   * (capacity + rate x window = count), so it never exceeds the quota whichever way Alibaba counts.
   */
  'nlb:ListServerGroupServers': { capacity: 10, refillPerSecond: 10 },
  'nlb:GetJobStatus': { capacity: 10, refillPerSecond: 10 },
  'nlb:AddServersToServerGroup': { capacity: 100, refillPerSecond: 100 / 60 },
  'nlb:RemoveServersFromServerGroup': { capacity: 100, refillPerSecond: 100 / 60 },
  /** NLB GetListenerHealthStatus, 10 per 1 s (same page). */
  'nlb:GetListenerHealthStatus': { capacity: 5, refillPerSecond: 5 },
  /**
   * CLB (SLB 2014-05-15, https://help.aliyun.com/zh/slb/classic-load-balancer/developer-reference/
   * api-slb-2014-05-15-quota): Describe* reads 3000 per 60 s (DescribeMasterSlaveServerGroupAttribute,
   * DescribeServerCertificates; DescribeVServerGroupAttribute and DescribeHealthStatus assumed alike);
   * VServer group changes 90 per 60 s (RemoveVServerGroupBackendServers; Add and Modify assumed alike).
   */
  'slb:describe': { capacity: 1500, refillPerSecond: 25 },
  'slb:change': { capacity: 45, refillPerSecond: 0.75 },
  /**
   * DynamoDB on demand (the lease table): one partition serves 3,000 read and 1,000 write request units a
   * second ("My on-demand Amazon DynamoDB table has throttling", AWS re:Post knowledge center). One
   * GetItem and one PutItem per pool per run are far below it: the bucket is there so that a runaway
   * loop is paced rather than throttled.
   */
  'dynamodb:read': { capacity: 3000, refillPerSecond: 3000 },
  'dynamodb:write': { capacity: 1000, refillPerSecond: 1000 },
} as const satisfies Record<string, TokenBucketSpec>;
export type ApiFamily = keyof typeof API_BUDGETS;

/**
 * The part of a documented budget one function takes: 90% of the burst and 95% of the refill. Over 500
 * ELBv2 describes that is 49 s against the bucket's 46 s floor (+6%).
 */
export const CLIENT_SHARE = { capacity: 0.9, refillPerSecond: 0.95 } as const;

/** The bucket the client paces a family by. */
export function clientBucket(family: ApiFamily): TokenBucketSpec {
  const spec = API_BUDGETS[family];
  return {
    capacity: Math.max(1, Math.floor(spec.capacity * CLIENT_SHARE.capacity)),
    refillPerSecond: spec.refillPerSecond * CLIENT_SHARE.refillPerSecond,
  };
}

/** The ELBv2 family of an SDK command name. */
export function elbv2Family(commandName: string): ApiFamily | undefined {
  if (/^Describe/.test(commandName)) return 'elbv2:describe';
  if (commandName === 'RegisterTargetsCommand' || commandName === 'DeregisterTargetsCommand') {
    return 'elbv2:register';
  }
  return undefined;
}

/** The RDS family of an SDK command name: one bucket for all of them. */
export function rdsFamily(commandName: string): ApiFamily | undefined {
  return commandName.endsWith('Command') ? 'rds:api' : undefined;
}

/** The family of an Alibaba RPC action of NLB or CLB; none for the rest (RDS, CloudMonitor). */
export function alicloudFamily(product: string, action: string): ApiFamily | undefined {
  if (product === 'nlb') {
    const family = `nlb:${action}`;
    return family in API_BUDGETS ? (family as ApiFamily) : undefined;
  }
  if (product === 'slb') return /^Describe/.test(action) ? 'slb:describe' : 'slb:change';
  return undefined;
}
