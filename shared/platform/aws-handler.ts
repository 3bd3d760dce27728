import type { Report } from '../core/report';
import { parseAwsTrigger } from '../events/parse-aws';
import type { Trigger } from '../events/types';
import type { AwsRuntime } from './aws';
import { handleInvocation } from './handle-invocation';

/** The part of the Lambda context we use. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

/** A Lambda invocation: the deadline comes from the context. */
export function handleAwsInvocation(
  event: unknown,
  context: LambdaContext,
  runtime: AwsRuntime,
  accepts: readonly Trigger['kind'][],
): Promise<Report> {
  return handleInvocation(event, {
    parse: parseAwsTrigger,
    accepts,
    runtime,
    remainingMs: context.getRemainingTimeInMillis(),
  });
}
