import type { AlertDelivery, AlertDestination, AlertSink } from '../alert/sink';
import { configurationFailureMessage } from '../alert/configuration-failure';
import type { AlertTargets, Platform, WebhookTarget } from '../core/config-types';
import { ConfigurationFailedError } from './configuration-failed-error';

/**
 * The function's own alert sinks, named in its environment by the deploy: where an alert goes when the
 * bindings file, which names every other sink, cannot be loaded.
 */
export const FallbackAlertEnv = {
  /** AWS: an SNS topic ARN (the stack's `alertTopicArn` param, or the file's top-level `alert.sns`). */
  SnsTopicArn: 'ALERT_SNS_TOPIC_ARN',
  /** Both clouds: a webhook URL, copied by the deploy from the deploying shell (it carries a token). */
  WebhookUrl: 'ALERT_WEBHOOK_URL',
  /** `generic` (default), `dingtalk` or `slack`. */
  WebhookKind: 'ALERT_WEBHOOK_KIND',
  /** Alibaba Cloud: the region of a CloudMonitor custom event (`--alert-cloudmonitor-region`). */
  CloudMonitorRegion: 'ALERT_CLOUDMONITOR_REGION',
} as const;

const WEBHOOK_KINDS: readonly WebhookTarget['kind'][] = ['generic', 'dingtalk', 'slack'];

/**
 * The sinks the environment names that work on `platform`: SNS on AWS only (a Function Compute function
 * has no AWS credentials), CloudMonitor on Alibaba Cloud only (a Lambda has no Alibaba ones), webhooks on
 * both. The webhook is given as `env:ALERT_WEBHOOK_URL`, so the sink reads it at send time and no URL is
 * ever copied into a message.
 */
export function fallbackAlertTargets(env: NodeJS.ProcessEnv, platform: Platform): AlertTargets {
  const topic = env[FallbackAlertEnv.SnsTopicArn];
  const region = env[FallbackAlertEnv.CloudMonitorRegion];
  const kind = WEBHOOK_KINDS.find((k) => k === env[FallbackAlertEnv.WebhookKind]) ?? 'generic';
  return {
    sns: platform === 'aws' && topic ? [topic] : [],
    ...(platform === 'alicloud' && region ? { cloudMonitor: { region } } : {}),
    webhooks: env[FallbackAlertEnv.WebhookUrl] ? [{ kind, url: `env:${FallbackAlertEnv.WebhookUrl}` }] : [],
  };
}

export interface StartupFailureOptions {
  readonly sink: AlertSink;
  readonly platform: Platform;
  /** The function's name as its platform gives it, for the alert. */
  readonly functionName: string;
  readonly env?: NodeJS.ProcessEnv;
  /** What the failed invocation was, in words. */
  readonly trigger?: string;
}

/**
 * A function that cannot load its configuration never reaches the loop, so no binding's sink exists:
 * the alert goes through the environment's sinks, once per failed invocation, and the error that makes
 * the platform count the failure names whether it went out. Never throws; returns the error to throw.
 */
export async function alertStartupFailure(
  error: unknown,
  options: StartupFailureOptions,
): Promise<ConfigurationFailedError> {
  const env = options.env ?? process.env;
  const cause =
    error instanceof Error ? (error as Error & { problems?: readonly string[] }) : new Error(String(error));
  const destination: AlertDestination = {
    name: options.functionName,
    alert: fallbackAlertTargets(env, options.platform),
  };
  const { sns, cloudMonitor, webhooks } = destination.alert;
  let deliveries: AlertDelivery[] = [];
  if (sns.length > 0 || cloudMonitor !== undefined || webhooks.length > 0) {
    const message = configurationFailureMessage(
      cause,
      options.functionName,
      options.trigger ?? 'an invocation of a function that could not start',
    );
    deliveries = await options.sink(message, destination);
  }
  return new ConfigurationFailedError(cause, deliveries);
}
