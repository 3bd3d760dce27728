import type { AlertDelivery } from '../alert/sink';
import { scrubSecrets } from '../core/scrub';

/**
 * Thrown by a handler whose configuration (the bindings file, the lease store's settings) cannot be
 * used, after the alert went through the sinks its environment names. `cause` is the loader's error
 * (`ConfigError` with every problem); `alerts` says where the alert went, and the message says so too,
 * since a failure nobody was told of is the worst kind.
 */
export class ConfigurationFailedError extends Error {
  override readonly name = 'ConfigurationFailedError';
  readonly alerts: { readonly sent: readonly string[]; readonly failed: readonly string[] };

  constructor(cause: Error, deliveries: readonly AlertDelivery[]) {
    const sent = deliveries.filter((d) => d.ok).map((d) => d.target);
    const failed = deliveries.filter((d) => !d.ok).map((d) => d.target);
    const told =
      deliveries.length === 0
        ? 'no alert sink in the function environment (ALERT_SNS_TOPIC_ARN, ALERT_WEBHOOK_URL, ALERT_CLOUDMONITOR_REGION)'
        : `alerted ${sent.join(', ') || 'nobody'}${failed.length > 0 ? `; not delivered to ${failed.join(', ')}` : ''}`;
    super(`the function cannot start (${told}): ${scrubSecrets(cause.message)}`, { cause });
    this.alerts = { sent, failed };
  }
}
