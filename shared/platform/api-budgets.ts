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
   * Every Route 53 API action of an account draws on one account-wide bucket (ChangeResourceRecordSets,
   * GetChange and ListResourceRecordSets alike; Route 53 is global, so no Region). AWS long documented a
   * hard "five requests per second, per account" ("I'm getting API throttling errors in Amazon Route 53",
   * https://repost.aws/knowledge-center/route-53-avoid-throttling-errors); the current guide raises the
   * account bucket to 50 tokens refilling 10 a second, with per-action buckets at least as large ("Throttling
   * for Amazon Route 53 API requests", https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/
   * throttling-api-requests.html). We keep the older, lower figure as burst and rate: it is within both,
   * and a swap is one UPSERT and a few GetChange polls, so the lower rate costs nothing but on large runs.
   * The same page adds a change-throughput bucket (DNS record changes per second): one UPSERT of one record
   * is one change, far below it.
   */
  'route53:api': { capacity: 5, refillPerSecond: 5 },
  /**
   * STS AssumeRole, per calling account and Region: AWS documents that STS throttles with a token bucket
   * per API ("How to monitor and query IAM resources at scale - Part 2", AWS Security Blog,
   * https://aws.amazon.com/blogs/security/how-to-monitor-and-query-iam-resources-at-scale-part-2/;
   * "How do I resolve API throttling or Rate exceeded errors for IAM and AWS STS?",
   * https://repost.aws/knowledge-center/iam-sts-throttling-error) but no figure for it could be read from
   * here: 10 tokens, 5 a second is an unverified guess kept low on purpose. The function assumes each role
   * once per about ten minutes (`assumed-role.ts` caches the credentials), so the guess only bounds a
   * runaway.
   */
  'sts:api': { capacity: 10, refillPerSecond: 5 },
  /**
   * Secrets Manager GetSecretValue, per Region of the calling account (a secret of another account counts
   * against the caller's quota, not the owner's): "Combined rate of DescribeSecret and GetSecretValue API
   * requests: Each supported Region: 10,000 per second", not adjustable ("AWS Secrets Manager quotas",
   * https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html). A rate per second,
   * not a bucket: half of it as burst and half as refill lets through at most 10,000 in any second however
   * AWS counts (as for NLB below). The check reads one secret per admission: this only bounds a runaway.
   */
  'secretsmanager:GetSecretValue': { capacity: 5000, refillPerSecond: 5000 },
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
   * KMS Decrypt (2016-01-20), the writability check's login: 750 calls per second per account ("Decrypt",
   * KMS API reference, https://www.alibabacloud.com/help/doc-detail/28950.htm, "QPS限制"; the newer page
   * gives 1000 through the shared gateway: the lower one holds). Halved as the NLB quotas are.
   */
  'kms:Decrypt': { capacity: 375, refillPerSecond: 375 },
  /**
   * DynamoDB, the lease table (on demand, one item per pool). Calls, not capacity units: a strongly
   * consistent GetItem costs one read request unit per 4 KB of item, a PutItem one write request unit per
   * 1 KB ("Read/write capacity mode", DynamoDB Developer Guide, https://docs.aws.amazon.com/amazondynamodb/
   * latest/developerguide/capacity-mode.html), and a lease item with its full journal (64 intents of
   * about 90 bytes) is at most about 7 KB: 2 read units, 7 write units. One partition serves at most
   * 3,000 read and 1,000 write units a second ("My on-demand Amazon DynamoDB table has throttling", AWS
   * re:Post knowledge center, https://repost.aws/knowledge-center/on-demand-table-throttling-dynamodb;
   * "Warm throughput scenarios", DynamoDB Developer Guide), an on-demand table 40,000 of each by default
   * ("Quotas in Amazon DynamoDB", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/
   * ServiceQuotas.html). A small table is one partition, so: 1,500 reads and 140 writes a second, a
   * second's worth in hand. One
   * invocation makes two to four lease calls per pool it changes: far below; the buckets make a runaway
   * loop paced rather than throttled.
   */
  'dynamodb:read': { capacity: 1500, refillPerSecond: 1500 },
  'dynamodb:write': { capacity: 140, refillPerSecond: 140 },
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

/** The Route 53 family of an SDK command name: one account bucket for all of them. */
export function route53Family(commandName: string): ApiFamily | undefined {
  return commandName.endsWith('Command') ? 'route53:api' : undefined;
}

/** The STS family of an SDK command name (AssumeRole is the only one the function sends). */
export function stsFamily(commandName: string): ApiFamily | undefined {
  return commandName.endsWith('Command') ? 'sts:api' : undefined;
}

/** The Secrets Manager family of an SDK command name (GetSecretValue is the only one the function sends). */
export function secretsManagerFamily(commandName: string): ApiFamily | undefined {
  return commandName === 'GetSecretValueCommand' ? 'secretsmanager:GetSecretValue' : undefined;
}

/** The DynamoDB family of an SDK command name: the lease store's reads and writes. */
export function dynamodbFamily(commandName: string): ApiFamily | undefined {
  if (commandName === 'GetItemCommand') return 'dynamodb:read';
  if (commandName === 'PutItemCommand') return 'dynamodb:write';
  return undefined;
}

/** The family of an Alibaba RPC action of NLB, CLB or KMS; none for the rest (RDS, CloudMonitor). */
export function alicloudFamily(product: string, action: string): ApiFamily | undefined {
  if (product === 'nlb') {
    const family = `nlb:${action}`;
    return family in API_BUDGETS ? (family as ApiFamily) : undefined;
  }
  if (product === 'slb') return /^Describe/.test(action) ? 'slb:describe' : 'slb:change';
  if (product === 'kms' && action === 'Decrypt') return 'kms:Decrypt';
  return undefined;
}
