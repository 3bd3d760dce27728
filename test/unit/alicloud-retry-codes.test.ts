import { isRetryableCode } from '../../shared/alicloud/retry';
import { NLB_ADD_RETRY_CODES, NLB_REMOVE_RETRY_CODES } from '../../shared/backends/alicloud-nlb';

describe('which Alibaba error codes are retried', () => {
  it.each([
    // Every action (the Terraform provider's NeedRetry, plus SystemBusy)
    ['Throttling', [], true],
    ['Throttling.User', [], true],
    ['Throttling.Api', [], true],
    ['Rejected.Throttling', [], true],
    ['Throttling.Concurrent', [], true],
    ['ServiceUnavailable', [], true],
    ['SystemBusy', [], true],
    ['InternalError', [], true],
    ['Timeout', [], true],
    ['NetworkError', [], true],
    // Only where the action asks for them
    ['Conflict.Lock', [], false],
    ['Conflict.Lock', NLB_ADD_RETRY_CODES, true],
    ['Conflict.Lock', NLB_REMOVE_RETRY_CODES, true],
    ['OperationFailed.ResourceIsConfiguring', NLB_ADD_RETRY_CODES, true],
    ['OperationFailed.ResourceIsConfiguring', NLB_REMOVE_RETRY_CODES, true],
    ['IncorrectStatus.serverGroup', NLB_ADD_RETRY_CODES, true],
    ['IncorrectStatus.serverGroup', [], false],
    // Never: the request itself is wrong, or the deadline is spent
    ['ResourceNotFound.serverGroup', NLB_REMOVE_RETRY_CODES, false],
    ['ResourceInUse.IP', NLB_ADD_RETRY_CODES, false],
    ['Forbidden.RAM', NLB_ADD_RETRY_CODES, false],
    ['SignatureDoesNotMatch', [], false],
    ['DeadlineExceeded', [], false],
  ] as const)('%s with %j: %s', (code, extra, expected) => {
    expect(isRetryableCode(code, extra)).toBe(expected);
  });
});
