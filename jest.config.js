/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // CommonJS output turns a lazy `import()` into a lazy `require`, as esbuild does in the bundles; Node16's
  // output keeps a native import(), which jest runs only with --experimental-vm-modules.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node' } }] },
  // A lazy `import('./x.js')` names the compiled file, as Node16 resolution wants; tests load the .ts.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // ts-jest transpiles only (tsconfig has isolatedModules); `npm run lint` type-checks.
  // The lab tests bind loopback ports and run real timers: keep them from starving each other on 2 cores.
  maxWorkers: 2,
  testTimeout: 30000,
};
