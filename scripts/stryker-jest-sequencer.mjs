// Jest test sequencer used only under Stryker (stryker.config.mjs sets it; plain jest runs never load it).
//
// For each mutant Stryker runs jest with a test-name pattern that selects the tests covering the mutant, but
// jest would still load every related test file (most import the whole CLI) only to skip all of its tests:
// seconds per mutant. This sequencer drops, before they are loaded, the test files that hold none of the
// selected tests, and puts the quickest files first (with stryker-jest-runner.mjs, a mutant is then usually
// killed by a unit test before any slow integration test starts). Which test is in which file, and how long
// each file took, it learns from the run without a pattern and without a mutant (Stryker's dry run, which
// runs every test), kept in a file in Stryker's sandbox so that every test-runner process can read it. A
// file that holds a matching test, or that the map does not know, is always kept: the same tests run.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// In Stryker's sandbox (stryker.config.mjs keeps a stray copy in the project out of it).
const MAP_FILE = '.stryker-jest-test-files.json';

export default class StrykerTestSequencer {
  constructor({ globalConfig }) {
    this.globalConfig = globalConfig;
    this.mapPath = join(globalConfig.rootDir, MAP_FILE);
  }

  readMap() {
    try {
      const map = JSON.parse(readFileSync(this.mapPath, 'utf8'));
      return map && map.version === 1 ? map.files : undefined;
    } catch {
      return undefined;
    }
  }

  sort(tests) {
    const map = this.readMap() ?? {};
    const duration = (test) => map[test.path]?.ms ?? Number.MAX_SAFE_INTEGER;
    const sorted = [...tests].sort((a, b) => duration(a) - duration(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const pattern = this.globalConfig.testNamePattern;
    if (!pattern) return sorted;
    // The tests jest selects: the pattern, case-insensitive, against each test's full name.
    const regex = new RegExp(pattern, 'i');
    const kept = sorted.filter((test) => {
      const names = map[test.path]?.names;
      return names === undefined || names.some((name) => regex.test(name));
    });
    return kept.length > 0 ? kept : sorted;
  }

  cacheResults(_tests, results) {
    // Only the dry run (no mutant active, no pattern) runs every test; each Stryker run has a new sandbox.
    if (this.globalConfig.testNamePattern || process.env.__STRYKER_ACTIVE_MUTANT__ !== undefined) return;
    const files = {};
    for (const file of results.testResults) {
      if (file.testExecError) continue;
      files[file.testFilePath] = { ms: file.perfStats.runtime, names: file.testResults.map((t) => t.fullName) };
    }
    const temp = `${this.mapPath}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ version: 1, files }));
    renameSync(temp, this.mapPath);
  }

  allFailedTests(tests) {
    return tests;
  }
}
