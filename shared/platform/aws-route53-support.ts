import { Route53Client } from '@aws-sdk/client-route-53';
import { route53Family } from './api-budgets';
import type { ApiBudget } from './api-budget';
import { paceByBudget } from './aws-api-budget';
import { accountScope, boundedClientConfig } from './aws-clients';
import type { ActingAs } from './aws-clients';
import { ROUTE53_CLIENT } from './timeouts';

/*
 * What the AWS runtime needs for Route 53 record pools and `resolve.route53` sources, and the only module
 * of it that imports the Route 53 client. The AWS bundling configuration swaps it for
 * `aws-route53-support.absent.ts` when no binding uses Route 53.
 */
export { createRoute53RecordPool } from '../backends/aws-route53/record-pool';
export { createRoute53Resolver } from '../resolve/route53-record';

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
