import { Route53Client } from '@aws-sdk/client-route-53';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { boundedClientConfig } from './aws-clients';
import { ROUTE53_CLIENT } from './timeouts';

/*
 * What the AWS runtime needs for Route 53 record pools and `resolve.route53` sources, and the only module
 * of it that imports the Route 53 client. The AWS bundling configuration swaps it for
 * `aws-route53-support.absent.ts` when no binding uses Route 53.
 */
export { createRoute53RecordPool } from '../backends/aws-route53/record-pool';
export { createRoute53Resolver } from '../resolve/route53-record';

/**
 * The Route 53 client for hosted zones. Route 53 is a global service: the SDK signs for us-east-1 and
 * calls `route53.amazonaws.com` whatever the function's region; `AWS_ENDPOINT_URL_ROUTE_53` points it at
 * the lab. `credentials` are an assumed role's, for a zone in another account.
 */
export const createRoute53Client = (credentials?: AwsCredentialIdentityProvider): Route53Client =>
  new Route53Client({ ...boundedClientConfig(ROUTE53_CLIENT), ...(credentials ? { credentials } : {}) });
