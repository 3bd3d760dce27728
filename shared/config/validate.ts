import * as v from 'valibot';
import { platformOf } from '../core/config-types';
import type {
  AlertTargets,
  Binding,
  Config,
  Platform,
  PoolConfig,
  ResolveSources,
} from '../core/config-types';
import { alertSinkProblems } from './alert-sinks';
import { envReferenceProblems } from './env-references';
import type { Environment } from './env-references';
import { ConfigError } from './errors';
import { describeIssue } from './issue-message';
import { configFileSchema } from './schema';
import type { ConfigFile } from './schema';
import { onSwapProblems } from './on-swap';
import { probeConfigOf, probeLoginProblems } from './probe-config';
import { sharedPoolProblems } from './shared-pools';

/** Options of `validateConfig` and the loaders built on it. */
export interface LoadOptions {
  /** Where `env:NAME` references are resolved; `process.env` by default. */
  readonly env?: Environment;
  /**
   * The cloud whose function loads the file, in that function's environment: its bindings' sinks must
   * work there (`alertSinkProblems`). Unset (the CLI, packaging, tests), only what holds everywhere is
   * checked.
   */
  readonly platform?: Platform;
}

/**
 * Validates a bindings document already parsed from its text (YAML for the CLI, JSON in a deployed
 * function); `source` names it in errors. Throws `ConfigError` listing every problem. Kept apart from
 * the YAML parser so that a function bundle imports no YAML library.
 */
export function validateConfig(raw: unknown, source: string, options: LoadOptions = {}): Config {
  const result = v.safeParse(configFileSchema, raw);
  if (!result.success) {
    throw new ConfigError(source, [
      ...result.issues.map((issue) => describeIssue(issue, raw)),
      ...rawDuplicateNames(raw),
    ]);
  }

  // Rules across bindings, checked on the normalised bindings (a pool's port defaults to the
  // endpoint's), all reported in one pass.
  const config = normalise(result.output);
  const env = options.env ?? process.env;
  const { platform } = options;
  const problems = [
    ...duplicateNameProblems(config.bindings.map((b) => b.name)),
    ...sharedPoolProblems(config.bindings),
    ...onSwapProblems(config.bindings),
    ...probeLoginProblems(config.bindings),
    ...alertSinkProblems(config.bindings, { env, ...(platform ? { platform } : {}) }),
    ...(platform
      ? envReferenceProblems(
          config.bindings.filter((b) => b.pools.some((pool) => platformOf(pool) === platform)),
          env,
        )
      : []),
  ];
  if (problems.length > 0) throw new ConfigError(source, problems);
  return config;
}

function duplicateNameProblems(names: readonly string[]): string[] {
  return duplicateNames(names).map((name) => `binding '${name}': name: used by more than one binding`);
}

/** Duplicate names are reported with the schema's problems too, so one pass shows them all. */
function rawDuplicateNames(raw: unknown): string[] {
  const bindings = (raw as { bindings?: unknown } | null)?.bindings;
  if (!Array.isArray(bindings)) return [];
  const names = bindings
    .map((b) => (b as { name?: unknown } | null)?.name)
    .filter((name): name is string => typeof name === 'string' && /^[a-z0-9][a-z0-9-]{0,62}$/.test(name));
  return duplicateNameProblems(names);
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
        ...(b.onSwap ? { onSwap: b.onSwap } : {}),
        alert: alertTargetsOf(b.alert ?? file.alert),
        ...resolveSourcesOf(b.resolve),
        ...(b.probe ? { probe: probeConfigOf(b.probe) } : {}),
      };
    }),
  };
}

type FilePool = ConfigFile['bindings'][number]['pools'][number];

function resolveSourcesOf(resolve: ConfigFile['bindings'][number]['resolve']): { resolve?: ResolveSources } {
  const { alicloudRds, awsRdsWriter, route53 } = resolve ?? {};
  if (!alicloudRds && !awsRdsWriter && !route53) return {};
  return {
    resolve: {
      ...(alicloudRds ? { alicloudRds } : {}),
      ...(route53 ? { route53: route53SourceOf(route53) } : {}),
      ...(awsRdsWriter
        ? {
            awsRdsWriter: {
              cluster: identifierOf(awsRdsWriter.cluster),
              ...(awsRdsWriter.cluster.startsWith('arn:') ? { clusterArn: awsRdsWriter.cluster } : {}),
              prefer: awsRdsWriter.prefer,
            },
          }
        : {}),
    },
  };
}

function poolConfigOf(pool: FilePool, endpointPort: number): PoolConfig {
  if (pool['aws-elbv2']) {
    const { targetGroupArn, port, availabilityZone, roleArn, externalId } = pool['aws-elbv2'];
    return {
      kind: 'aws-elbv2',
      targetGroupArn,
      port: port ?? endpointPort,
      ...(availabilityZone ? { availabilityZone } : {}),
      ...assumeRoleOf(roleArn, externalId),
    };
  }
  if (pool['aws-route53-record']) {
    const { hostedZoneId, recordName, ttlSeconds, onForeignRecord, roleArn, externalId } =
      pool['aws-route53-record'];
    return {
      kind: 'aws-route53-record',
      hostedZoneId: hostedZoneId.replace(/^\/hostedzone\//, ''),
      // As Route 53 lists names: lower case, with the final dot.
      recordName: recordName.toLowerCase().replace(/\.?$/, '.'),
      ttlSeconds,
      onForeignRecord,
      ...assumeRoleOf(roleArn, externalId),
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

function route53SourceOf(
  source: NonNullable<NonNullable<ConfigFile['bindings'][number]['resolve']>['route53']>,
) {
  return {
    hostedZoneId: source.hostedZoneId.replace(/^\/hostedzone\//, ''),
    recordName: source.recordName.toLowerCase().replace(/\.?$/, '.'),
    prefer: source.prefer,
    ...assumeRoleOf(source.roleArn, source.externalId),
  };
}

function assumeRoleOf(roleArn: string | undefined, externalId: string | undefined) {
  return roleArn ? { assumeRole: { roleArn, ...(externalId ? { externalId } : {}) } } : {};
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
