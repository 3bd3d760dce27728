import { resolve } from 'node:path';
import type { BuildOptions, Plugin } from 'esbuild';
import type { Config } from '../../shared/core/config-types';

/**
 * The one esbuild configuration per cloud. `serverless package` (through `bin/serverless-esbuild.cjs`),
 * the Alibaba deploy and `npm run bench` all build with these, so a size the bench prints is the size
 * that ships.
 */

/** What every bundle shares: the functions' and the installed CLI's. */
export const COMMON_BUNDLE = {
  bundle: true,
  minify: true,
  // No source map: it would be 2.3 MB per function, and --enable-source-maps slows cold starts.
  sourcemap: false,
  platform: 'node',
  format: 'cjs',
  // ESM entry points first: they tree-shake far better than the AWS SDK's CJS builds.
  mainFields: ['module', 'main'],
  // Error classes keep their names (`ConfigError`, `ThrottlingException`) in logs, reports and alerts:
  // minified they read `Cs`, `Ad`. Costs a few KiB.
  keepNames: true,
  legalComments: 'none',
  // tsconfig's `strict` implies `alwaysStrict`, for which esbuild starts the whole CommonJS bundle with
  // "use strict"; the Tablestore SDK has sloppy-mode loops (`for (key in ...)`, no declaration) that then
  // throw `key is not defined` on the first lease (test/deploy/alicloud-bundle-lease.test.ts). Our own
  // code is strict by its checks, not by this directive.
  tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
} as const satisfies BuildOptions;

/** What the AWS functions may need beyond ELBv2, SNS and DynamoDB, each a client of 20 to 110 KiB. */
export interface AwsBundleChoices {
  /** Some binding asks the RDS API for its cluster's writer (`resolve.awsRdsWriter`). */
  readonly rdsWriter: boolean;
  /** Some binding has a Route 53 record pool or a `resolve.route53` source. */
  readonly route53: boolean;
  /** Some pool or source names a role in another account (`roleArn`). */
  readonly assumeRole: boolean;
  /** Some binding's writability check reads its login from Secrets Manager (`probe.writable.login.secretArn`). */
  readonly secretsLogin: boolean;
}

/** Every optional client in: for a bundle whose bindings are not known when it is built. */
export const EVERY_AWS_CLIENT: AwsBundleChoices = {
  rdsWriter: true,
  route53: true,
  assumeRole: true,
  secretsLogin: true,
};

/** What the bindings a bundle ships with use. */
export function awsBundleChoices(config: Config): AwsBundleChoices {
  const pools = config.bindings.flatMap((b) => b.pools);
  const sources = config.bindings.flatMap((b) => (b.resolve?.route53 ? [b.resolve.route53] : []));
  return {
    rdsWriter: config.bindings.some((b) => b.resolve?.awsRdsWriter),
    route53: sources.length > 0 || pools.some((p) => p.kind === 'aws-route53-record'),
    assumeRole: [...pools, ...sources].some((p) => 'assumeRole' in p && p.assumeRole !== undefined),
    secretsLogin: config.bindings.some((b) => b.probe?.writable?.login.kind === 'aws-secret'),
  };
}

/**
 * Lambda functions: nodejs22.x. The AWS SDK is bundled (and tree-shaken), not taken from the runtime; the
 * RDS, Route 53, STS and Secrets Manager clients only when the bindings the bundle ships with use them.
 */
export function awsBundle(choices: AwsBundleChoices): BuildOptions {
  const absent = [
    ...(choices.rdsWriter ? [] : ['aws-rds-writer-support']),
    ...(choices.route53 ? [] : ['aws-route53-support']),
    ...(choices.assumeRole ? [] : ['aws-sts-support']),
    ...(choices.secretsLogin ? [] : ['aws-secrets-login-support']),
  ];
  return { ...COMMON_BUNDLE, target: 'node22', plugins: absent.length > 0 ? [withAbsent(absent)] : [] };
}

export interface AlicloudBundleChoices {
  /** Whether any Alibaba binding alerts through SNS: only then does the bundle carry the AWS SNS client. */
  readonly snsAlerts: boolean;
}

/** Function Compute functions (nodejs20): pop-core inside, the AWS SNS client only when a binding uses it. */
export function alicloudBundle(choices: AlicloudBundleChoices): BuildOptions {
  return {
    ...COMMON_BUNDLE,
    target: 'node20',
    plugins: choices.snsAlerts ? [] : [withAbsent(['alicloud-sns-alerts'])],
  };
}

const PLATFORM = resolve(__dirname, '..', '..', 'shared', 'platform');

/**
 * Resolves each of `modules` (in `shared/platform`) to its `.absent.ts` stand-in, which imports no SDK. A
 * bundle-time choice, not a dynamic `import()`: esbuild inlines a dynamic import into a single-file
 * bundle all the same.
 */
function withAbsent(modules: readonly string[]): Plugin {
  return {
    name: 'rfs-absent-modules',
    setup(build) {
      for (const module of modules) {
        build.onResolve({ filter: new RegExp(`[\\\\/]${module}$`) }, () => ({
          path: resolve(PLATFORM, `${module}.absent.ts`),
        }));
      }
    },
  };
}
