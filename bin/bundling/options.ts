import { resolve } from 'node:path';
import type { BuildOptions, Plugin } from 'esbuild';

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

/** Lambda functions: nodejs22.x. The AWS SDK is bundled (and tree-shaken), not taken from the runtime. */
export const AWS_BUNDLE = { ...COMMON_BUNDLE, target: 'node22' } as const satisfies BuildOptions;

export interface AlicloudBundleChoices {
  /** Whether any Alibaba binding alerts through SNS: only then does the bundle carry the AWS SNS client. */
  readonly snsAlerts: boolean;
}

/** Function Compute functions (nodejs20): pop-core inside, the AWS SNS client only when a binding uses it. */
export function alicloudBundle(choices: AlicloudBundleChoices): BuildOptions {
  return {
    ...COMMON_BUNDLE,
    target: 'node20',
    plugins: choices.snsAlerts ? [] : [withoutSnsAlerts],
  };
}

const SNS_ALERTS_ABSENT = resolve(
  __dirname,
  '..',
  '..',
  'shared',
  'platform',
  'alicloud-sns-alerts.absent.ts',
);

/**
 * Resolves `./alicloud-sns-alerts` to its stand-in that imports no AWS SDK. A bundle-time choice, not a
 * dynamic `import()`: esbuild inlines a dynamic import into a single-file bundle all the same.
 */
const withoutSnsAlerts: Plugin = {
  name: 'rfs-without-sns-alerts',
  setup(build) {
    build.onResolve({ filter: /[\\/]alicloud-sns-alerts$/ }, () => ({ path: SNS_ALERTS_ABSENT }));
  },
};
