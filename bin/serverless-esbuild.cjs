// @ts-check
'use strict';

/**
 * serverless-esbuild's `custom.esbuild.config`: called with the framework, it returns the build options.
 * They are the project's AWS bundling configuration (`bin/bundling/options.ts`, loaded through tsx), the
 * same the bench measures, for the bindings file being packaged, plus the plugin's own packaging options.
 */

const { readFileSync } = require('node:fs');
const path = require('node:path');
const { require: tsRequire } = require('tsx/cjs/api');
const { helpers } = require('./serverless-vars.cjs');

/** @typedef {import('./bundling/options').AwsBundleChoices} AwsBundleChoices */
/** @type {typeof import('./bundling/options')} */
const { awsBundle, awsBundleChoices, EVERY_AWS_CLIENT } = tsRequire('./bundling/options.ts', __filename);
/** @type {typeof import('../shared/config/load')} */
const { parseConfigDocument } = tsRequire('../shared/config/load.ts', __filename);
/** @type {typeof import('../shared/config/validate')} */
const { validateConfig } = tsRequire('../shared/config/validate.ts', __filename);

/**
 * The clients the bindings file needs. A file that cannot be read or used gets every client: packaging
 * fails on it anyway, with serverless-vars.cjs naming the problem.
 * @returns {AwsBundleChoices}
 */
function choices() {
  try {
    const file = path.join(__dirname, '..', helpers.bindingsFile());
    return awsBundleChoices(validateConfig(parseConfigDocument(readFileSync(file, 'utf8'), file), file));
  } catch {
    return EVERY_AWS_CLIENT;
  }
}

module.exports = () => ({
  ...awsBundle(choices()),
  // Bundle everything, the AWS SDK included: no node_modules folder is packaged, and the code runs with
  // the SDK version it was tested with.
  exclude: [],
  external: [],
});
