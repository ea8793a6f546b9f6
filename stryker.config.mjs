// Mutation testing of the pure and file-safety core (issue #18). Run it with `npm run mutate`
// (scripts/mutate.mjs: Stryker 10 needs Node 22+, and the script fetches it on an older Node);
// one file: `npm run mutate -- --mutate src/rcfile/diff.ts`. Reports land in reports/ (gitignored).
// Options: https://stryker-mutator.io/docs/stryker-js/configuration (and the jest runner's: …/jest-runner).
export default {
  mutate: [
    'src/rcfile/**/*.ts',
    'src/key/**/*.ts',
    'src/history/**/*.ts',
    'src/detect/**/*.ts',
    'src/targets/ci/commands.ts',
    'src/targets/shell/block-body.ts',
    'src/targets/shell/key-file.ts',
  ],
  testRunner: 'jest',
  // Jest runs the TypeScript sources as native ES modules (see jest.config.js and the `jest` script).
  testRunnerNodeArgs: ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning'],
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    // The end-to-end tests run the built bundle (dist/), which Stryker does not mutate: only the unit and
    // integration tests, which import the sources, can kill a mutant.
    config: {
      testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts', '<rootDir>/__tests__/integration/**/*.test.ts'],
      // Only the test files that hold a test covering the mutant, quickest first, and no further file after
      // the first failing one (see each file): the same verdicts, many times faster.
      testSequencer: '<rootDir>/scripts/stryker-jest-sequencer.mjs',
      runner: '<rootDir>/scripts/stryker-jest-runner.mjs',
    },
    enableFindRelatedTests: true,
  },
  coverageAnalysis: 'perTest',
  // Jest's ES-module registries grow with every run (~10 MB each): a fresh test-runner process every 100 mutants.
  maxTestRunnerReuse: 100,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowEmojis: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 90, low: 85, break: null },
  // A mutant is "timed out" (counted as killed) when its tests take longer than twice their time in the
  // dry run plus this. Real infinite loops are caught sooner by Stryker's hit counter; a generous margin
  // keeps a busy machine (tests start real shells) from passing a surviving mutant off as a timeout.
  timeoutMS: 30_000,
  timeoutFactor: 2,
  // The sandbox is a copy of the project: leave out the Node/Wine caches (hundreds of MB) and old reports.
  ignorePatterns: ['/.cache', '/reports', '/coverage', '*.tgz', '/.stryker-jest-test-files.json'],
};
