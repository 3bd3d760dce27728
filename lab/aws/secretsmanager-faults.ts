import { DELAY, FaultQueue, HANG } from '../fault-queue';
import type { Fault as QueuedFault } from '../fault-queue';
import { JsonError } from './json-protocol';
import type { JsonFaults } from './types';

/** The failures the Secrets Manager emulator can be told to answer with. */
export const SecretsManagerFaultKind = {
  /** 400 `ThrottlingException` "Rate exceeded": the SDK retries it. */
  Throttle: 'throttle',
  /** 500 `InternalServiceError`, which the service documents among its errors: the SDK retries it. */
  ServerError: 'server-error',
  /** Holds the answer for `delayMs`, then answers normally. */
  Delay: DELAY,
  /** Takes the request and never answers: the client's own timeout is all that ends it. */
  Hang: HANG,
} as const;
export type SecretsManagerFaultKind = (typeof SecretsManagerFaultKind)[keyof typeof SecretsManagerFaultKind];

type ErrorKind = Exclude<SecretsManagerFaultKind, typeof DELAY | typeof HANG>;

/** One injected fault: the next `times` calls of `action` (the operation, `GetSecretValue`) get it. */
export type SecretsManagerFault = QueuedFault<ErrorKind>;

/** Secrets Manager's faults on the JSON 1.1 wire: errors thrown before the operation runs. */
export class SecretsManagerFaultInjector extends FaultQueue<ErrorKind> implements JsonFaults {
  async apply(operation: string): Promise<JsonError | undefined> {
    switch (await this.take(operation)) {
      case SecretsManagerFaultKind.Throttle:
        throw new JsonError('ThrottlingException', 'Rate exceeded');
      case SecretsManagerFaultKind.ServerError:
        throw new JsonError('InternalServiceError', 'An error occurred on the server side.', 500);
      default:
        return undefined;
    }
  }
}
