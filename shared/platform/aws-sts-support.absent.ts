import type * as Support from './aws-sts-support';
import { notBundled } from './not-bundled';

/** Stands in for `aws-sts-support.ts` in an AWS bundle whose bindings use no pools in other accounts (roleArn): see there. */
const absent = notBundled('pools in other accounts (roleArn)');
export const assumedRoleCredentials: typeof Support.assumedRoleCredentials = absent;
export const createStsClient: typeof Support.createStsClient = absent;
