import { STSClient } from '@aws-sdk/client-sts';
import { stsFamily } from './api-budgets';
import type { ApiBudget } from './api-budget';
import { paceByBudget } from './aws-api-budget';
import { boundedClientConfig } from './aws-clients';
import { STS_CLIENT } from './timeouts';

/*
 * What the AWS runtime needs for pools in other accounts (`roleArn`), and the only module of it that
 * imports the STS client. The AWS bundling configuration swaps it for `aws-sts-support.absent.ts` when no
 * pool or source names a role.
 */
export { assumedRoleCredentials } from './assumed-role';

/**
 * The STS client that assumes other accounts' roles. It signs with the function's own credentials, so its
 * AssumeRole calls count against the function's own account (in its region), whichever role they name.
 */
export function createStsClient(budget?: ApiBudget): STSClient {
  const client = new STSClient(boundedClientConfig(STS_CLIENT));
  if (budget) paceByBudget(client, budget, stsFamily);
  return client;
}
