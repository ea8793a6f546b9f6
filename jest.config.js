// Jest runs the TypeScript sources as native ES modules (node --experimental-vm-modules), transformed by swc.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
  },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  globalSetup: '<rootDir>/__tests__/helpers/global-setup.js',
  globalTeardown: '<rootDir>/__tests__/helpers/global-teardown.js',
  setupFilesAfterEnv: ['<rootDir>/__tests__/helpers/setup-each.ts'],
  maxWorkers: 2,
  testTimeout: 30_000,
  // Wine and pseudo-terminal suites print their own skip reasons; keep jest's summary readable.
  reporters: ['default'],
};
