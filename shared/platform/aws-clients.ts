import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { RDSClient } from '@aws-sdk/client-rds';
import { Route53Client } from '@aws-sdk/client-route-53';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { elbv2Family, rdsFamily, route53Family, stsFamily } from './api-budgets';
import type { ApiBudget } from './api-budget';
import { paceByBudget } from './aws-api-budget';
import { ELBV2_CLIENT, RDS_CLIENT, ROUTE53_CLIENT, SNS_ALERT_CLIENT, STS_CLIENT } from './timeouts';

/** How long a client may wait, and how often it tries; see `timeouts.ts` for the numbers. */
export interface AwsClientLimits {
  readonly connectionTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly maxAttempts: number;
}

/**
 * The part of an AWS SDK client's configuration that bounds its calls. `throwOnRequestTimeout` is what
 * makes `requestTimeout` a limit: without it, @smithy/node-http-handler 4.x only logs a warning when a
 * request outlives it and keeps waiting (the option was long a socket idle timeout, and stayed
 * compatible). The request timer starts with the request, so it covers the connection too.
 */
export function boundedClientConfig(limits: AwsClientLimits) {
  return {
    // Standard, not adaptive: the calls are paced by the documented buckets before they go (`ApiBudget`),
    // and adaptive mode's own rate limiter would pace each client again, per client, learning only from
    // throttles. Standard retries a throttle once with backoff within `maxAttempts`, which the pacing
    // makes rare (another caller of the same account taking the tokens).
    retryMode: 'standard',
    maxAttempts: limits.maxAttempts,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: limits.connectionTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      throwOnRequestTimeout: true,
    }),
  };
}

/**
 * The ELBv2 client for target groups in `region` (the environment's when unset); the endpoint comes from
 * the environment. With a budget every attempt first waits for its token (Describe* and
 * register/deregister have their own buckets).
 */
export function createElbv2Client(
  budget?: ApiBudget,
  where: { readonly region?: string } & ActingAs = {},
): ElasticLoadBalancingV2Client {
  const client = new ElasticLoadBalancingV2Client({
    ...(where.region ? { region: where.region } : {}),
    ...boundedClientConfig(ELBV2_CLIENT),
    ...(where.credentials ? { credentials: where.credentials } : {}),
  });
  if (budget) paceByBudget(client, budget, elbv2Family, accountScope(where));
  return client;
}

/**
 * Whose credentials a client signs with: the function's own (nothing), or an assumed role's, with the
 * account that role lives in. A call counts against the budget of the account that makes it, so a client
 * acting in another account draws on that account's buckets, not on the function's own.
 */
export interface ActingAs {
  readonly credentials?: AwsCredentialIdentityProvider;
  /** The role's account (from its ARN); unset for the function's own credentials. */
  readonly account?: string;
}

const accountScope = (actingAs: ActingAs) =>
  actingAs.account !== undefined ? { account: actingAs.account } : {};

/**
 * The RDS client the writer lookup asks (`AWS_ENDPOINT_URL_RDS` points it at the lab), paced by the RDS
 * account bucket when a budget is given.
 */
export function createRdsClient(budget?: ApiBudget): RDSClient {
  const client = new RDSClient(boundedClientConfig(RDS_CLIENT));
  if (budget) paceByBudget(client, budget, rdsFamily);
  return client;
}

/** The SNS client the alert sink publishes through, in a topic's region. */
export const createSnsAlertClient = (region: string): SNSClient =>
  new SNSClient({ region, ...boundedClientConfig(SNS_ALERT_CLIENT) });

/**
 * The bucket region of Route 53 calls: the service is global and its budget is the account's, whatever
 * region the client is configured with.
 */
export const ROUTE53_BUDGET_REGION = 'global';

/**
 * The Route 53 client for hosted zones. Route 53 is a global service: the SDK signs for us-east-1 and
 * calls `route53.amazonaws.com` whatever the function's region; `AWS_ENDPOINT_URL_ROUTE_53` points it at
 * the lab. With a budget every attempt first waits for a token of the account's Route 53 bucket (the
 * role's account for an assumed role's client). Retries as for ELBv2 (`boundedClientConfig`): standard
 * mode, bounded attempts, because the pacing already keeps the calls under the documented rate.
 */
export function createRoute53Client(budget?: ApiBudget, actingAs: ActingAs = {}): Route53Client {
  const client = new Route53Client({
    ...boundedClientConfig(ROUTE53_CLIENT),
    ...(actingAs.credentials ? { credentials: actingAs.credentials } : {}),
  });
  if (budget) {
    paceByBudget(client, budget, route53Family, { region: ROUTE53_BUDGET_REGION, ...accountScope(actingAs) });
  }
  return client;
}

/**
 * The STS client that assumes other accounts' roles. It signs with the function's own credentials, so its
 * AssumeRole calls count against the function's own account (in its region), whichever role they name.
 */
export function createStsClient(budget?: ApiBudget): STSClient {
  const client = new STSClient(boundedClientConfig(STS_CLIENT));
  if (budget) paceByBudget(client, budget, stsFamily);
  return client;
}
