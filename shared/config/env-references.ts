import type { Binding } from '../core/config-types';
import { envVariableOf, isHttpUrl } from './webhook-url';

/** The environment `env:NAME` references are resolved in. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A webhook URL written `env:NAME`, and where the file says it. */
export interface EnvReference {
  readonly binding: string;
  /** As problems name it: `alert.webhook[0].url`. */
  readonly field: string;
  readonly variable: string;
}

/** Every `env:NAME` webhook URL of these bindings, in file order. */
export function envReferencesOf(bindings: readonly Binding[]): EnvReference[] {
  return bindings.flatMap((binding) =>
    binding.alert.webhooks.flatMap((hook, i) => {
      const variable = envVariableOf(hook.url);
      return variable === undefined
        ? []
        : [{ binding: binding.name, field: `alert.webhook[${i}].url`, variable }];
    }),
  );
}

/** The variables these bindings' webhooks are read from, sorted, each once: what a deploy must pass on. */
export function referencedVariables(bindings: readonly Binding[]): string[] {
  return [...new Set(envReferencesOf(bindings).map((r) => r.variable))].sort();
}

/**
 * Why these bindings' `env:` webhooks cannot be resolved in `env`, one line per reference, naming the
 * binding, the field and the variable, never its value (a URL with the robot's token). The function
 * that sends the alerts checks this in its own environment when it loads the file: a variable the
 * deploy did not pass is found at cold start, not by the first failover's lost alert.
 */
export function envReferenceProblems(bindings: readonly Binding[], env: Environment): string[] {
  return envReferencesOf(bindings).flatMap(({ binding, field, variable }) => {
    const value = env[variable];
    const where = `binding '${binding}': ${field}`;
    if (value === undefined || value === '') return [`${where}: environment variable ${variable} is not set`];
    if (!isHttpUrl(value)) return [`${where}: environment variable ${variable} does not hold an http(s) URL`];
    return [];
  });
}
