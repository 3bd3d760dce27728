import { build } from 'esbuild';
import { BINDINGS_IN_ZIP } from './names';
import { createZip } from './zip';

/**
 * One handler bundled as the Function Compute Node.js runtime loads it: a single CommonJS `index.js`
 * (handler `index.handler`), minified (names kept), for Node 20, with every dependency inside, pop-core included.
 * In memory; throws with esbuild's messages when the entry does not build.
 */
export async function bundleHandler(entry: string): Promise<Buffer> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    // Errors keep their class and function names in logs and reports (`ReconcileFailedError`, not `Cs`).
    keepNames: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: 'index.js',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const output = result.outputFiles.find((file) => file.path.endsWith('index.js'));
  if (output === undefined) throw new Error(`${entry}: esbuild wrote no index.js`);
  return Buffer.from(output.contents);
}

/** A function's package: the bundle as `index.js` and the bindings file beside it. */
export function functionZip(bundle: Buffer, bindingsFile: Buffer): Buffer {
  return createZip([
    { name: 'index.js', data: bundle },
    { name: BINDINGS_IN_ZIP, data: bindingsFile },
  ]);
}
