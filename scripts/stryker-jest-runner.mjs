// Jest's own test runner, plus "bail" for Stryker's mutant runs (stryker.config.mjs sets it; plain jest runs
// never load it). With every other test runner Stryker stops testing a mutant at its first failing test, but
// jest's own `bail` ends the whole process, Stryker's worker with it (jestjs/jest#11766), so Stryker turns it
// off: a killed mutant then still runs every test file. Here, while a mutant is active (Stryker sets
// __STRYKER_ACTIVE_MUTANT__), the files run one after the other and the run stops after the first file with
// a failing test. The dry run (no mutant active) runs every file, as it must, to measure coverage.
import TestRunner from 'jest-runner';

export default class BailingTestRunner extends TestRunner {
  async runTests(tests, watcher, options) {
    if (!options.serial || process.env.__STRYKER_ACTIVE_MUTANT__ === undefined) return super.runTests(tests, watcher, options);
    let failed = false;
    const unsubscribe = [
      this.on('test-file-success', ([, result]) => {
        if (result.numFailingTests > 0 || result.testExecError) failed = true;
      }),
      this.on('test-file-failure', () => {
        failed = true;
      }),
    ];
    try {
      for (const test of tests) {
        if (failed || watcher.isInterrupted()) break;
        await super.runTests([test], watcher, options);
      }
    } finally {
      for (const off of unsubscribe) off();
    }
  }
}
