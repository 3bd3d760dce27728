import type { AlertSink } from '../alert/sink';
import { createSnsSink } from '../alert/sns-sink';
import { createSnsAlertClient } from './aws-clients';
import { memoize } from './memo';

/**
 * The SNS sink of the Alibaba functions, for teams that alert centrally in AWS: the AWS SDK finds its
 * credentials in the environment. It is most of an Alibaba bundle (the SNS client is about 460 KiB), so
 * the Alibaba bundling configuration swaps this module for `alicloud-sns-alerts.absent.ts` when no
 * binding alerts through SNS (`bin/bundling/options.ts`).
 */
export function createAlicloudSnsSink(): AlertSink {
  return createSnsSink(memoize(createSnsAlertClient));
}
