// @ts-check
'use strict';

/**
 * serverless-esbuild's `custom.esbuild.config`: called with the framework, it returns the build options.
 * They are the project's AWS bundling configuration (`bin/bundling/options.ts`, loaded through tsx), the
 * same the bench measures, plus the plugin's own packaging options.
 */

const { require: tsRequire } = require('tsx/cjs/api');

/** @type {{ AWS_BUNDLE: Record<string, unknown> }} */
const { AWS_BUNDLE } = tsRequire('./bundling/options.ts', __filename);

module.exports = () => ({
  ...AWS_BUNDLE,
  // Bundle everything, the AWS SDK included: no node_modules folder is packaged, and the code runs with
  // the SDK version it was tested with.
  exclude: [],
  external: [],
});
