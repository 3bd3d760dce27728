import { readFile, stat } from 'node:fs/promises';
import * as v from 'valibot';
import { parse as parseYaml } from 'yaml';
import type { AlertTargets, Binding, Config, Platform, PoolConfig } from '../core/binding';
import { alertSinkProblems } from './alert-sinks';
import { capText } from '../core/text';
import { ConfigError } from './errors';
import { fileBytesProblem, fileSizeProblem, fileTextProblem } from './file-content';
import { describeIssue } from './issue-message';
import { configFileSchema } from './schema';
import type { ConfigFile, Environment } from './schema';
import { sharedPoolProblems } from './shared-pools';

/** Options of `loadConfig` and `parseConfig`. */
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

/** Reads and validates a bindings file (YAML or JSON). Throws `ConfigError` listing every problem. */
export async function loadConfig(path: string, options: LoadOptions = {}): Promise<Config> {
  let bytes: Buffer;
  try {
    // Checked before reading: a wrong path may name a multi-gigabyte file.
    const tooLarge = fileSizeProblem((await stat(path)).size);
    if (tooLarge) throw new ConfigError(path, [tooLarge]);
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(path, [`cannot read the file: ${(error as Error).message}`], { cause: error });
  }
  const problem = fileBytesProblem(bytes);
  if (problem) throw new ConfigError(path, [problem]);
  return parseConfig(bytes.toString('utf8'), path, options);
}

/** Validates the text of a bindings file; `source` names it in errors. */
export function parseConfig(text: string, source: string, options: LoadOptions = {}): Config {
  const problem = fileTextProblem(text);
  if (problem) throw new ConfigError(source, [problem]);
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigError(source, [`not valid YAML or JSON: ${yamlProblem(error)}`], { cause: error });
  }
  const result = v.safeParse(configFileSchema(options.env ?? process.env), raw);
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
  const problems = [
    ...duplicateNameProblems(config.bindings.map((b) => b.name)),
    ...sharedPoolProblems(config.bindings),
    ...alertSinkProblems(config.bindings, {
      env,
      ...(options.platform ? { platform: options.platform } : {}),
    }),
  ];
  if (problems.length > 0) throw new ConfigError(source, problems);
  return config;
}

/** The parser's first line, without its excerpt of the file (which may be a screenful of one line). */
function yamlProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // The `yaml` package ends its first line with a colon that introduces the excerpt.
  const first = (message.split('\n')[0] ?? '').replace(/:$/, '');
  return capText(first, 203);
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
