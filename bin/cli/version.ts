import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * This package's version, from the nearest package.json named rds-failover-sync above this file: the
 * same lookup works from the TypeScript in a clone (bin/cli/) and from the built dist/cli.js.
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === 'rds-failover-sync' && typeof manifest.version === 'string')
        return manifest.version;
    } catch {
      // No package.json here: look one level up.
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
