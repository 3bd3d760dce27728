import { awsRuntime } from '../../shared/platform/aws';
import { handleAwsInvocation } from '../../shared/platform/aws-handler';
import type { LambdaContext } from '../../shared/platform/aws-handler';

/** The schedule backstop and manual invokes (`{"bindings":["orders"],"dryRun":true}`). */
export const handler = async (event: unknown, context: LambdaContext) =>
  handleAwsInvocation(event, context, await awsRuntime(), ['schedule', 'manual']);
