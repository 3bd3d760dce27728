import { STSClient } from '@aws-sdk/client-sts';
import { boundedClientConfig } from './aws-clients';
import { STS_CLIENT } from './timeouts';

/*
 * What the AWS runtime needs for pools in other accounts (`roleArn`), and the only module of it that
 * imports the STS client. The AWS bundling configuration swaps it for `aws-sts-support.absent.ts` when no
 * pool or source names a role.
 */
export { assumedRoleCredentials } from './assumed-role';

/** The STS client that assumes other accounts' roles, with the function's own credentials. */
export const createStsClient = (): STSClient => new STSClient(boundedClientConfig(STS_CLIENT));
