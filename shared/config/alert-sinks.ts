import { platformOf } from '../core/config-types';
import type { Binding, Platform } from '../core/config-types';
import type { Environment } from './env-references';

/**
 * Why a binding's alerts would be lost, one line per problem, naming the binding and the field:
 *
 * - no sink at all, neither its own nor the file's top-level `alert`: every swap, drift and refusal
 *   would go unheard;
 * - SNS from Function Compute: the functions there hold Alibaba STS credentials only, so an SNS
 *   publish fails on every alert unless the function's environment gives the AWS SDK credentials of
 *   its own (`AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`).
 *
 * Both are checked when `platform` says which cloud's function is loading the file, in that function's
 * environment, for the bindings that cloud runs: that is where an alert is lost. The CLI and the
 * packaging do not check them (the tests' and the lab's files name no sink either).
 */
export function alertSinkProblems(
  bindings: readonly Binding[],
  where: { readonly platform?: Platform; readonly env: Environment },
): string[] {
  const { platform, env } = where;
  if (platform === undefined) return [];
  return bindings.flatMap((binding) => {
    if (!binding.pools.some((pool) => platformOf(pool) === platform)) return [];
    const { sns, cloudMonitor, webhooks } = binding.alert;
    const problems: string[] = [];
    if (sns.length === 0 && cloudMonitor === undefined && webhooks.length === 0) {
      problems.push(
        `binding '${binding.name}': alert: names no sink, and the file has no top-level alert: name sns, cloudMonitor or webhook`,
      );
    }
    const awsCredentials = Boolean(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY);
    if (platform === 'alicloud' && sns.length > 0 && !awsCredentials) {
      problems.push(
        `binding '${binding.name}': alert.sns: Function Compute has no AWS credentials to publish with ` +
          '(set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the function environment), so every SNS alert would be lost; use cloudMonitor or webhook',
      );
    }
    return problems;
  });
}
