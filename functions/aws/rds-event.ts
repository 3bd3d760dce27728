import { awsRuntime } from '../../shared/platform/aws';
import { handleAwsInvocation } from '../../shared/platform/aws-handler';
import type { LambdaContext } from '../../shared/platform/aws-handler';

/** RDS events through SNS or EventBridge: reconcile the bindings the event names, waiting for DNS to move. */
export const handler = async (event: unknown, context: LambdaContext) =>
  handleAwsInvocation(event, context, await awsRuntime(), ['rds-event', 'ignored']);
