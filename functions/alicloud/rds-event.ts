import { handleAlicloudInvocation } from '../../shared/platform/alicloud-handler';
import type { FcContext } from '../../shared/platform/alicloud-handler';

/** RDS events through EventBridge or CloudMonitor: reconcile the bindings of the instance they name. */
export const handler = (event: Buffer, context: FcContext) =>
  handleAlicloudInvocation(event, context, ['rds-event', 'ignored']);
