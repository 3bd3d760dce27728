import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { SNSClient } from '@aws-sdk/client-sns';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { elbv2Family } from './api-budgets';
import type { ApiBudget } from './api-budget';
import { paceByBudget } from './aws-api-budget';
import { ELBV2_CLIENT, SNS_ALERT_CLIENT } from './timeouts';

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

export const accountScope = (actingAs: ActingAs) =>
  actingAs.account !== undefined ? { account: actingAs.account } : {};

/** The SNS client the alert sink publishes through, in a topic's region. */
export const createSnsAlertClient = (region: string): SNSClient =>
  new SNSClient({ region, ...boundedClientConfig(SNS_ALERT_CLIENT) });
