import type { AlertSink } from '../alert/sink';

/**
 * Stands in for `alicloud-sns-alerts.ts` in an Alibaba bundle built for bindings that name no SNS topic,
 * so the bundle carries no AWS SDK. A topic can only appear with a new bindings file, which comes with a
 * new bundle; should one appear anyway, its delivery fails by name instead of vanishing.
 */
export function createAlicloudSnsSink(): AlertSink {
  return async (_message, binding) =>
    binding.alert.sns.map((topicArn) => ({
      target: topicArn,
      ok: false,
      error: 'SnsNotBundledError: this bundle was built for bindings without SNS alerts; deploy again',
    }));
}
