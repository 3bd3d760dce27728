import { createDynamoDbClient } from '../lease/dynamodb-client';
import { createDynamoDbLeaseStore } from '../lease/dynamodb-store';
import { createMemoryLeaseStore } from '../lease/memory-store';
import { LeaseStoreMissingError } from '../lease/errors';
import type { LeaseStore } from '../lease/types';
import type { ApiBudget } from './api-budget';
import { dynamodbFamily } from './api-budgets';
import { paceByBudget } from './aws-api-budget';

/** The variable the stack sets to the lease table's name. */
export const LEASE_TABLE_VARIABLE = 'LEASE_TABLE';

/**
 * Where an AWS process keeps pool leases: the DynamoDB table named in `LEASE_TABLE` (the stack sets it
 * for the functions; the lab for the drill and tests; an operator for the CLI). Without it a Lambda
 * function refuses to start, while the CLI and tests fall back to this process's memory, which fences
 * only the runs of this one process. With a budget, every DynamoDB attempt first waits for its token,
 * from the same budget as the runtime's other clients.
 */
export function awsLeaseStore(
  options: { readonly required: boolean; readonly budget?: ApiBudget },
  env: NodeJS.ProcessEnv = process.env,
): LeaseStore {
  const table = env[LEASE_TABLE_VARIABLE];
  if (table) {
    const client = createDynamoDbClient();
    if (options.budget) paceByBudget(client, options.budget, dynamodbFamily);
    return createDynamoDbLeaseStore(client, { table, ...regionOf(env) });
  }
  if (options.required) throw new LeaseStoreMissingError(LEASE_TABLE_VARIABLE, 'the stack');
  return createMemoryLeaseStore();
}

const regionOf = (env: NodeJS.ProcessEnv) => (env.AWS_REGION ? { region: env.AWS_REGION } : {});
