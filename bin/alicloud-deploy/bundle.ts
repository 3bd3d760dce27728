import { build } from 'esbuild';
import { platformOf } from '../../shared/core/config-types';
import type { Config } from '../../shared/core/config-types';
import { alicloudBundle } from '../bundling/options';
import type { AlicloudBundleChoices } from '../bundling/options';
import { BINDINGS_IN_ZIP } from './names';
import { createZip } from './zip';

/**
 * One handler bundled as the Function Compute Node.js runtime loads it: a single CommonJS `index.js`
 * (handler `index.handler`), with the project's Alibaba bundling configuration (`bin/bundling/options.ts`,
 * which the bench measures too). In memory; throws with esbuild's messages when the entry does not build.
 */
export async function bundleHandler(entry: string, choices: AlicloudBundleChoices): Promise<Buffer> {
  const result = await build({
    ...alicloudBundle(choices),
    entryPoints: [entry],
    outfile: 'index.js',
    write: false,
    logLevel: 'silent',
  });
  const output = result.outputFiles?.find((file) => file.path.endsWith('index.js'));
  if (output === undefined) throw new Error(`${entry}: esbuild wrote no index.js`);
  return Buffer.from(output.contents);
}

/**
 * What the Alibaba bundle must carry, for the bindings with an Alibaba pool: the SNS client when one
 * alerts through SNS, the database drivers when one checks writability (`probe.writable`).
 */
export function alicloudBundleChoices(config: Config): AlicloudBundleChoices {
  const alicloud = config.bindings.filter((b) => b.pools.some((pool) => platformOf(pool) === 'alicloud'));
  return {
    snsAlerts: alicloud.some((b) => b.alert.sns.length > 0),
    writableCheck: alicloud.some((b) => b.probe?.writable !== undefined),
  };
}

/** A function's package: the bundle as `index.js` and the bindings JSON beside it. */
export function functionZip(bundle: Buffer, bindingsJson: Buffer): Buffer {
  return createZip([
    { name: 'index.js', data: bundle },
    { name: BINDINGS_IN_ZIP, data: bindingsJson },
  ]);
}
