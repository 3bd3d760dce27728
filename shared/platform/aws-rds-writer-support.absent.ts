import type * as Support from './aws-rds-writer-support';
import { notBundled } from './not-bundled';

/** Stands in for `aws-rds-writer-support.ts` in an AWS bundle whose bindings use no the RDS writer lookup (resolve.awsRdsWriter): see there. */
const absent = notBundled('the RDS writer lookup (resolve.awsRdsWriter)');
export const createRdsWriterResolver: typeof Support.createRdsWriterResolver = absent;
export const createRdsClient: typeof Support.createRdsClient = absent;
