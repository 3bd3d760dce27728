import { RDSClient } from '@aws-sdk/client-rds';
import { rdsFamily } from './api-budgets';
import type { ApiBudget } from './api-budget';
import { paceByBudget } from './aws-api-budget';
import { boundedClientConfig } from './aws-clients';
import { RDS_CLIENT } from './timeouts';

/*
 * What the AWS runtime needs for `resolve.awsRdsWriter`, and the only module of it that imports the RDS
 * client. The AWS bundling configuration swaps it for `aws-rds-writer-support.absent.ts` when no binding
 * asks the RDS API, so that bundle carries no RDS client (about 105 KiB of schemas and error classes).
 */
export { createRdsWriterResolver } from '../resolve/aws-rds-writer/writer-resolver';

/**
 * The RDS client the writer lookup asks (`AWS_ENDPOINT_URL_RDS` points it at the lab), paced by the RDS
 * account bucket when a budget is given.
 */
export function createRdsClient(budget?: ApiBudget): RDSClient {
  const client = new RDSClient(boundedClientConfig(RDS_CLIENT));
  if (budget) paceByBudget(client, budget, rdsFamily);
  return client;
}
