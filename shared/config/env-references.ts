import { isBase64 } from '../core/base64';
import type { Binding } from '../core/config-types';
import { envVariableOf, isHttpUrl } from './webhook-url';

/** The environment `env:NAME` references are resolved in. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** What an `env:NAME` reference's variable must hold. */
export const EnvValueKind = {
  /** A webhook URL (it carries the robot's token, so it stays out of the file). */
  WebhookUrl: 'webhook-url',
  /** A base64 KMS `CiphertextBlob` of the writability check's login. */
  KmsCiphertext: 'kms-ciphertext',
} as const;
export type EnvValueKind = (typeof EnvValueKind)[keyof typeof EnvValueKind];

/** A value the file writes `env:NAME`, and where the file says it. */
export interface EnvReference {
  readonly binding: string;
  /** As problems name it: `alert.webhook[0].url`, `probe.writable.login.kmsCiphertext`. */
  readonly field: string;
  readonly variable: string;
  readonly holds: EnvValueKind;
}

/** Every `env:NAME` of these bindings (webhook URLs, KMS ciphertexts), in file order. */
export function envReferencesOf(bindings: readonly Binding[]): EnvReference[] {
  return bindings.flatMap((binding) => [
    ...binding.alert.webhooks.flatMap((hook, i) => {
      const variable = envVariableOf(hook.url);
      return variable === undefined
        ? []
        : [
            {
              binding: binding.name,
              field: `alert.webhook[${i}].url`,
              variable,
              holds: EnvValueKind.WebhookUrl,
            },
          ];
    }),
    ...kmsReferenceOf(binding),
  ]);
}

function kmsReferenceOf(binding: Binding): EnvReference[] {
  const login = binding.probe?.writable?.login;
  if (login?.kind !== 'alicloud-kms-env') return [];
  return [
    {
      binding: binding.name,
      field: 'probe.writable.login.kmsCiphertext',
      variable: login.variable,
      holds: EnvValueKind.KmsCiphertext,
    },
  ];
}

/** The variables these bindings read, sorted, each once: what a deploy must pass on to the functions. */
export function referencedVariables(bindings: readonly Binding[]): string[] {
  return [...new Set(envReferencesOf(bindings).map((r) => r.variable))].sort();
}

/**
 * Why these bindings' `env:` references cannot be resolved in `env`, one line per reference, naming the
 * binding, the field and the variable, never its value (a URL with the robot's token, a ciphertext).
 * The function that reads them checks this in its own environment when it loads the file: a variable
 * the deploy did not pass is found at cold start, not by the first failover's lost alert or held swap.
 */
export function envReferenceProblems(bindings: readonly Binding[], env: Environment): string[] {
  return envReferencesOf(bindings).flatMap(({ binding, field, variable, holds }) => {
    // The KMS reader trims the ciphertext (a shell copy adds a newline); a webhook URL is used as it is.
    const raw = env[variable];
    const value = holds === EnvValueKind.KmsCiphertext ? raw?.trim() : raw;
    const where = `binding '${binding}': ${field}`;
    if (value === undefined || value === '') return [`${where}: environment variable ${variable} is not set`];
    if (holds === EnvValueKind.WebhookUrl && !isHttpUrl(value)) {
      return [`${where}: environment variable ${variable} does not hold an http(s) URL`];
    }
    if (holds === EnvValueKind.KmsCiphertext && !isBase64(value)) {
      return [`${where}: environment variable ${variable} does not hold a base64 KMS ciphertext`];
    }
    return [];
  });
}
