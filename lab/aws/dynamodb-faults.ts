import { DELAY, FaultQueue } from '../fault-queue';
import type { Fault as QueuedFault } from '../fault-queue';
import { JsonError } from './json-protocol';
import type { JsonFaults } from './types';

/** The failures the DynamoDB emulator can be told to answer with. */
export const DynamoDbFaultKind = {
  /** 400 `ThrottlingException`: the SDK retries it. */
  Throttle: 'throttle',
  /** 400 `ProvisionedThroughputExceededException`: the table's (or partition's) throughput ran out. */
  ProvisionedThroughputExceeded: 'provisioned-throughput-exceeded',
  /** 500 `InternalServerError` before the operation runs: nothing was written. */
  ServerError: 'server-error',
  /**
   * The operation runs, then the answer is a 500 `InternalServerError`: DynamoDB documents that a write
   * answered with a 500 may or may not have happened, and the SDK retries it.
   */
  ServerErrorAfterWrite: 'server-error-after-write',
  /** Holds the answer for `delayMs`, then answers normally: for client timeouts and races. */
  Delay: DELAY,
} as const;
export type DynamoDbFaultKind = (typeof DynamoDbFaultKind)[keyof typeof DynamoDbFaultKind];

/** One injected fault: the next `times` calls of `action` (the operation, e.g. `PutItem`) get it. */
export type DynamoDbFault = QueuedFault<Exclude<DynamoDbFaultKind, typeof DELAY>>;

const NAMESPACE = 'com.amazonaws.dynamodb.v20120810';

const internalServerError = (): JsonError =>
  new JsonError(
    `${NAMESPACE}#InternalServerError`,
    'The server encountered an internal error trying to fulfill the request.',
    500,
  );

/** DynamoDB's faults on the JSON 1.0 wire. */
export class DynamoDbFaultInjector
  extends FaultQueue<Exclude<DynamoDbFaultKind, typeof DELAY>>
  implements JsonFaults
{
  async apply(operation: string): Promise<JsonError | undefined> {
    switch (await this.take(operation)) {
      case DynamoDbFaultKind.Throttle:
        throw new JsonError(
          `${NAMESPACE}#ThrottlingException`,
          'Rate of requests exceeds the allowed throughput.',
        );
      case DynamoDbFaultKind.ProvisionedThroughputExceeded:
        throw new JsonError(
          `${NAMESPACE}#ProvisionedThroughputExceededException`,
          'The level of configured provisioned throughput for the table was exceeded. ' +
            'Consider increasing your provisioning level with the UpdateTable API.',
        );
      case DynamoDbFaultKind.ServerError:
        throw internalServerError();
      case DynamoDbFaultKind.ServerErrorAfterWrite:
        return internalServerError();
      default:
        return undefined;
    }
  }
}
