import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretsManagerFamily } from './api-budgets';
import type { ApiBudget } from './api-budget';
import { paceByBudget } from './aws-api-budget';
import { boundedClientConfig } from './aws-clients';
import { SECRETS_MANAGER_CLIENT } from './timeouts';

/*
 * What the AWS runtime needs for writability checks whose login is a Secrets Manager secret
 * (`probe.writable.login.secretArn`), and the only module of it that imports the Secrets Manager client.
 * The AWS bundling configuration swaps it for `aws-secrets-login-support.absent.ts` when no binding has
 * such a check.
 */
export { createSecretsManagerLoginReader } from '../probe/secrets-manager-login';

/**
 * The Secrets Manager client for secrets in `region` (`AWS_ENDPOINT_URL_SECRETS_MANAGER` points it at the
 * lab). It signs with the runtime's own credentials: a secret in another account is read through that
 * secret's resource policy, and counts against this account's quota. With a budget every attempt first
 * waits for a token of this account's GetSecretValue bucket in that region.
 */
export function createSecretsManagerClient(region: string, budget?: ApiBudget): SecretsManagerClient {
  const client = new SecretsManagerClient({ region, ...boundedClientConfig(SECRETS_MANAGER_CLIENT) });
  if (budget) paceByBudget(client, budget, secretsManagerFamily);
  return client;
}
