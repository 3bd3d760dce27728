/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // ts-jest transpiles only (tsconfig has isolatedModules); `npm run lint` type-checks.
  // The lab tests bind loopback ports and run real timers: keep them from starving each other on 2 cores.
  maxWorkers: 2,
  testTimeout: 30000,
};
