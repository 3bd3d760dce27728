export { createNlbPool, NLB_MAX_SERVERS_PER_CALL, NLB_PAGE_SIZE, NLB_SERVER_DESCRIPTION } from './nlb-pool';
export type { NlbPoolOptions } from './nlb-pool';
export { nonNormalServersOf, withListenerHealth } from './listener-health';
export { readAllPages } from './pages';
export type { PagesOutcome } from './pages';
export { healthOfListenerStatus, healthOfServerStatus } from './status';
export { waitForJob } from './wait-job';
export type { JobOutcome, WaitJobOptions } from './wait-job';
export { NLB_ADD_RETRY_CODES, NLB_REMOVE_RETRY_CODES, NlbRetryCode } from './retry-codes';
