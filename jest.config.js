// Jest runs the TypeScript sources as native ES modules (node --experimental-vm-modules), transformed by swc.
//
// On Windows only the suites written for it run. The rest test what the tool does on Linux and macOS: they
// compare POSIX paths, start POSIX shells (a Windows runner's Git Bash would be found on PATH and give
// answers about MSYS, not about the user's machine), drive pseudo-terminals, and run the built CLI with
// `--target auto`, which on Windows would write the runner's own user environment with setx. What the tool
// does on Windows is tested there by real-windows.test.ts (and, on Linux, under Wine).
const WINDOWS_SUITES = ['__tests__/e2e/real-windows.test.ts', '__tests__/unit/workflows.test.ts', '__tests__/unit/layers.test.ts', '__tests__/unit/quote.test.ts', '__tests__/unit/validate.test.ts', '__tests__/unit/windows.test.ts'];
const onWindows = process.platform === 'win32';
if (onWindows) console.warn(`Windows: running ${WINDOWS_SUITES.join(', ')}; the POSIX suites are left out (see jest.config.js).`);

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
  },
  testMatch: onWindows ? WINDOWS_SUITES.map((s) => `<rootDir>/${s}`) : ['<rootDir>/__tests__/**/*.test.ts'],
  globalSetup: '<rootDir>/__tests__/helpers/global-setup.js',
  globalTeardown: '<rootDir>/__tests__/helpers/global-teardown.js',
  setupFilesAfterEnv: ['<rootDir>/__tests__/helpers/setup-each.ts'],
  maxWorkers: 2,
  testTimeout: 30_000,
  // Wine and pseudo-terminal suites print their own skip reasons; keep jest's summary readable.
  reporters: ['default'],
};
