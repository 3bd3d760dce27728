import { referencedVariables } from '../../shared/config/env-references';
import { platformOf } from '../../shared/core/config-types';
import type { Config, WebhookTarget } from '../../shared/core/config-types';
import { FallbackAlertEnv } from '../../shared/platform/fallback-alert';

/** The functions' own variables, beyond the bindings file and the lease table. */
export interface FunctionEnvironment {
  readonly variables: Readonly<Record<string, string>>;
  /**
   * Variables an `env:` reference names (a webhook, a KMS login ciphertext) that the deploying shell does
   * not hold: left out, warned about.
   */
  readonly unset: readonly string[];
  /** The CloudMonitor region a function that cannot load its bindings alerts into, if any. */
  readonly fallbackCloudMonitorRegion?: string;
}

/**
 * What the functions read at run time besides the fixed variables: each `env:NAME` of the Alibaba
 * bindings (webhook URLs, and the KMS ciphertexts of `probe.writable.login.kmsCiphertext`), copied from the
 * deploying shell (the functions check them when they load the file, and refuse to start naming one that
 * is missing or malformed), and the fallback alert sinks of `FallbackAlertEnv`:
 * a CloudMonitor region (`--alert-cloudmonitor-region`, by default the first region a binding's
 * `cloudMonitor` names) and the deploying shell's `ALERT_WEBHOOK_URL`.
 */
export function functionEnvironment(
  config: Config,
  options: { readonly cloudMonitorRegion?: string; readonly webhookKind?: WebhookTarget['kind'] },
  env: NodeJS.ProcessEnv,
): FunctionEnvironment {
  const bindings = config.bindings.filter((b) => b.pools.some((pool) => platformOf(pool) === 'alicloud'));
  const variables: Record<string, string> = {};
  const unset: string[] = [];
  for (const name of referencedVariables(bindings)) {
    const value = env[name];
    if (value) variables[name] = value;
    else unset.push(name);
  }
  const region =
    options.cloudMonitorRegion ?? bindings.find((b) => b.alert.cloudMonitor)?.alert.cloudMonitor?.region;
  if (region) variables[FallbackAlertEnv.CloudMonitorRegion] = region;
  const webhook = env[FallbackAlertEnv.WebhookUrl];
  if (webhook) {
    variables[FallbackAlertEnv.WebhookUrl] = webhook;
    variables[FallbackAlertEnv.WebhookKind] = options.webhookKind ?? 'generic';
  }
  return { variables, unset, ...(region ? { fallbackCloudMonitorRegion: region } : {}) };
}
