import type * as Support from './aws-secrets-login-support';
import { notBundled } from './not-bundled';

/** Stands in for `aws-secrets-login-support.ts` in an AWS bundle whose bindings read no login from Secrets Manager: see there. */
const absent = notBundled('writability checks with a Secrets Manager login (probe.writable.login.secretArn)');
export const createSecretsManagerLoginReader: typeof Support.createSecretsManagerLoginReader = absent;
export const createSecretsManagerClient: typeof Support.createSecretsManagerClient = absent;
