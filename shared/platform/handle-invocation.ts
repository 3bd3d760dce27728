import { needsAttention } from '../core/report';
import type { Report } from '../core/report';
import { EventParseError } from '../events/errors';
import { parseAwsTrigger } from '../events/parse-aws';
import type { Trigger } from '../events/types';
import { reconcile } from '../reconcile';
import type { AwsRuntime } from './aws';
import { ReconcileFailedError } from './failed-error';

/** The part of the Lambda context we use. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

/** Time kept back from the function timeout for reporting, alerting and returning. */
export const SAFETY_MARGIN_MS = 10_000;

/**
 * Parse, reconcile, report; throw after alerting when a binding needs attention. Everything a Lambda
 * handler does, in one place the handlers share.
 */
export async function handleAwsInvocation(
  event: unknown,
  context: LambdaContext,
  runtime: AwsRuntime,
  accepts: readonly Trigger['kind'][],
): Promise<Report> {
  let trigger: Trigger;
  try {
    trigger = parseAwsTrigger(event);
    if (!accepts.includes(trigger.kind)) {
      throw new EventParseError(`this function takes ${accepts.join(' or ')} triggers, not ${trigger.kind}`);
    }
  } catch (error) {
    runtime.log.error('unrecognised event, nothing changed', { error: (error as Error).message, event });
    throw error;
  }
  const deadlineMs = runtime.clock.now() + context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS;
  const report = await reconcile(trigger, { ...runtime, deadlineMs });
  runtime.log.info('report', { report });
  if (needsAttention(report)) throw new ReconcileFailedError(report);
  return report;
}
