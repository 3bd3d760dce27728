import type { Report } from '../core/report';
import { parseAwsTrigger } from '../events/parse-aws';
import type { Trigger } from '../events/types';
import type { AwsRuntime } from './aws';
import { DEFAULT_METRICS_SERVICE } from '../log/metric-records';
import { handleInvocation } from './handle-invocation';

/** The part of the Lambda context we use. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
  /** Lambda always sets both; tests that do not care about correlation or metrics leave them out. */
  readonly awsRequestId?: string;
  readonly functionName?: string;
}

/**
 * A Lambda invocation: the deadline comes from the context, the request id goes on every line, and the
 * figures go out as embedded metric format lines, which CloudWatch Logs turns into metrics with no API
 * call (and no permission) of ours.
 */
export function handleAwsInvocation(
  event: unknown,
  context: LambdaContext,
  runtime: AwsRuntime,
  accepts: readonly Trigger['kind'][],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Report> {
  const functionName = context.functionName ?? env.AWS_LAMBDA_FUNCTION_NAME;
  return handleInvocation(event, {
    parse: parseAwsTrigger,
    accepts,
    runtime,
    remainingMs: context.getRemainingTimeInMillis(),
    ...(context.awsRequestId !== undefined ? { requestId: context.awsRequestId } : {}),
    ...(functionName !== undefined
      ? {
          metrics: {
            format: 'emf',
            // serverless.yml sets it to `<service>-<stage>`, as the alarms and the dashboard name it.
            service: env.METRICS_SERVICE || DEFAULT_METRICS_SERVICE,
            function: functionName,
          },
        }
      : {}),
  });
}
