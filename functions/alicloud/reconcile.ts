import { handleAlicloudInvocation } from '../../shared/platform/alicloud-handler';
import type { FcContext } from '../../shared/platform/alicloud-handler';

/** The timer backstop and manual invokes (`{"bindings":["billing"],"dryRun":true}`). */
export const handler = (event: Buffer, context: FcContext) =>
  handleAlicloudInvocation(event, context, ['schedule', 'manual']);
