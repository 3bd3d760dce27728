import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { SNSClient } from '@aws-sdk/client-sns';
import { NodeHttpHandler } from '@smithy/node-http-handler';
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
    maxAttempts: limits.maxAttempts,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: limits.connectionTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      throwOnRequestTimeout: true,
    }),
  };
}

/** The ELBv2 client for target groups; region and endpoint come from the environment. */
export const createElbv2Client = (): ElasticLoadBalancingV2Client =>
  new ElasticLoadBalancingV2Client(boundedClientConfig(ELBV2_CLIENT));

/** The SNS client the alert sink publishes through, in a topic's region. */
export const createSnsAlertClient = (region: string): SNSClient =>
  new SNSClient({ region, ...boundedClientConfig(SNS_ALERT_CLIENT) });
