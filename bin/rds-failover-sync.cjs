#!/usr/bin/env node
'use strict';
// The `bin` of package.json. In a clone (the TypeScript and tsx are there) it runs the source, so
// `npx rds-failover-sync` never runs a stale build; in an installed package (`npm pack`, whose
// `prepack` builds dist/) it runs the self-contained dist/cli.js, which needs neither.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const source = join(root, 'bin', 'rds-failover-sync.ts');
const built = join(root, 'dist', 'cli.js');

async function loadMain() {
  if (existsSync(source)) {
    try {
      require.resolve('tsx/cjs/api', { paths: [root] });
    } catch {
      return loadBuilt('the TypeScript is here but tsx is not: run npm ci');
    }
    require(require.resolve('tsx/cjs/api', { paths: [root] })).register();
    // The source loads some modules with import() (the Tablestore lease store), which Node resolves
    // through its ESM loader: without tsx's ESM hooks a `.js` specifier never finds its `.ts` file.
    // Imported, not required: tsx 4's CommonJS build of this API looks for its hooks in the wrong place.
    (await import('tsx/esm/api')).register();
    return require(source).main;
  }
  return loadBuilt('dist/cli.js is missing: run npm run build');
}

function loadBuilt(why) {
  if (!existsSync(built)) {
    process.stderr.write(`rds-failover-sync: ${why}\n`);
    process.exit(2);
  }
  return require(built).main;
}

loadMain()
  .then((main) => main(process.argv.slice(2)))
  .then((code) => process.stdout.write('', () => process.exit(code)));
