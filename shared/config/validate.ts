import * as v from 'valibot';
import type { AlertTargets, Binding, Config, PoolConfig } from '../core/binding';
import { ConfigError } from './errors';
import { ConfigFileSchema } from './schema';
import type { ConfigFile } from './schema';
import { sharedPoolProblems } from './shared-pools';

/**
 * Validates a bindings document already parsed from its text (YAML for the CLI, JSON in a deployed
 * function); `source` names it in errors. Throws `ConfigError` listing every problem. Kept apart from
 * the YAML parser so that a function bundle imports no YAML library.
 */
export function validateConfig(raw: unknown, source: string): Config {
  const result = v.safeParse(ConfigFileSchema, raw);
  if (!result.success)
    throw new ConfigError(
      source,
      result.issues.map((issue) => describeIssue(issue, raw)),
    );

  // Rules across bindings, checked on the normalised bindings (a pool's port defaults to the
  // endpoint's), all reported in one pass.
  const config = normalise(result.output);
  const problems = [
    ...duplicateNames(config.bindings.map((b) => b.name)).map(
      (name) => `binding '${name}': name: used by more than one binding`,
    ),
    ...sharedPoolProblems(config.bindings),
  ];
  if (problems.length > 0) throw new ConfigError(source, problems);
  return config;
}

function normalise(file: ConfigFile): Config {
  return {
    dns: { servers: file.dns.servers, timeoutMs: file.dns.timeoutMs },
    bindings: file.bindings.map((b): Binding => {
      const separator = b.endpoint.lastIndexOf(':');
      const endpoint = {
        host: b.endpoint.slice(0, separator),
        port: Number(b.endpoint.slice(separator + 1)),
      };
      return {
        name: b.name,
        endpoint,
        sources: {
          awsInstances: (b.source?.aws?.instance ?? []).map(identifierOf),
          awsClusters: (b.source?.aws?.cluster ?? []).map(identifierOf),
          alicloudInstances: b.source?.alicloud?.instance ?? [],
        },
        pools: b.pools.map((pool) => poolConfigOf(pool, endpoint.port)),
        allowedCidrs: b.allowedCidrs,
        maxBackends: b.maxBackends,
        policy: b.policy,
        alert: alertTargetsOf(b.alert ?? file.alert),
        ...(b.resolve?.alicloudRds ? { resolve: { alicloudRds: b.resolve.alicloudRds } } : {}),
      };
    }),
  };
}

type FilePool = ConfigFile['bindings'][number]['pools'][number];

function poolConfigOf(pool: FilePool, endpointPort: number): PoolConfig {
  if (pool['aws-elbv2']) {
    const { targetGroupArn, port, availabilityZone } = pool['aws-elbv2'];
    return {
      kind: 'aws-elbv2',
      targetGroupArn,
      port: port ?? endpointPort,
      ...(availabilityZone ? { availabilityZone } : {}),
    };
  }
  if (pool['alicloud-nlb']) {
    const { region, serverGroupId, port, listenerId } = pool['alicloud-nlb'];
    return {
      kind: 'alicloud-nlb',
      region,
      serverGroupId,
      port: port ?? endpointPort,
      ...(listenerId ? { listenerId } : {}),
    };
  }
  // The schema guarantees exactly one kind: what is left is CLB.
  return { kind: 'alicloud-clb', ...(pool['alicloud-clb'] as NonNullable<FilePool['alicloud-clb']>) };
}

function alertTargetsOf(alert: ConfigFile['alert']): AlertTargets {
  return {
    sns: alert?.sns ?? [],
    ...(alert?.cloudMonitor ? { cloudMonitor: alert.cloudMonitor } : {}),
    webhooks: alert?.webhook ?? [],
  };
}

/** `arn:aws:rds:us-east-1:123456789012:cluster:orders` -> `orders`; an identifier stays as it is. */
function identifierOf(idOrArn: string): string {
  return idOrArn.slice(idOrArn.lastIndexOf(':') + 1);
}

function duplicateNames(names: readonly string[]): string[] {
  return [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
}

/** One line naming the binding (by name when it has one) and the field: `binding 'orders': pools[0]...`. */
function describeIssue(issue: v.BaseIssue<unknown>, raw: unknown): string {
  const keys = (issue.path ?? []).map((item) => item.key as string | number);
  const message =
    issue.type === 'strict_object' && issue.expected === 'never'
      ? 'unknown field'
      : issue.received === 'undefined'
        ? 'is required'
        : issue.message;
  if (keys[0] !== 'bindings' || typeof keys[1] !== 'number') {
    return `${formatPath(keys) || '(top level)'}: ${message}`;
  }
  const name = bindingName(raw, keys[1]);
  const where = name ? `binding '${name}'` : `binding #${keys[1] + 1}`;
  return `${where}: ${formatPath(keys.slice(2)) || '(binding)'}: ${message}`;
}

function bindingName(raw: unknown, index: number): string | undefined {
  const bindings = (raw as { bindings?: unknown } | null)?.bindings;
  const name = Array.isArray(bindings) ? (bindings[index] as { name?: unknown } | null)?.name : undefined;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

function formatPath(keys: readonly (string | number)[]): string {
  return keys.reduce<string>(
    (path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key),
    '',
  );
}
