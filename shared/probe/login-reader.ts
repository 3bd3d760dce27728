import type { CallContext } from '../backends/pool';
import type { ProbeLoginSource } from '../core/config-types';
import type { DatabaseLogin } from '../core/database-login';

/**
 * Reads the writability check's login where the binding keeps it: Secrets Manager on AWS, a KMS
 * ciphertext in the function's environment on Alibaba Cloud. Rejects with an error whose message is
 * safe to report (it names the source and the API's error, never the login).
 */
export type LoginReader = (source: ProbeLoginSource, call: CallContext) => Promise<DatabaseLogin>;
