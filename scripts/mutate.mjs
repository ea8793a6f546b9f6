#!/usr/bin/env node
// Mutation testing of the core (issue #18): runs Stryker with stryker.config.mjs, passing extra arguments
// through. Stryker 10 needs Node 22 or newer; on an older Node (the project supports 20.19+) this fetches
// the pinned Linux/macOS build of Node 22 from the npm registry (scripts/fetch-node.mjs, the same fetch and
// cache as scripts/node-matrix.sh) and runs Stryker with it. Stryker starts its
// test runners with the Node that runs it, so jest runs on Node 22 too.
//
//   npm run mutate                                   incremental run over every mutated file
//   npm run mutate -- --mutate src/rcfile/diff.ts    one file (or a glob, or file:line-line)
//   npm run mutate -- --force                        every mutant again, ignoring the incremental file
//   npm run mutate -- --concurrency 1                fewer test-runner processes (default: CPU cores)
//
// A run limited with --mutate keeps its own incremental file (reports/incremental/). Incremental mode reuses
// a result while the mutant's code and the tests that covered it are unchanged; a "static" mutant (in code
// that runs when a module loads, such as a table of constants) has no covering tests, so a new test that
// would kill it goes unnoticed: after adding such tests, run the file once with --force.
//
// Not part of `npm test`: a full run takes about 20 minutes on 2 cores. .ci/run mutates one small file.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchNode } from './fetch-node.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Pinned, as in scripts/node-matrix.sh, so the cache stays valid. */
const NODE_VERSION = '22.23.3';
const MIN_MAJOR = 22;

const log = (message) => process.stderr.write(`mutate: ${message}\n`);

// The mutated code is tested by the unit and integration suites, which are POSIX-only (see jest.config.js).
if (process.platform === 'win32') {
  log('mutation testing runs on Linux and macOS: the unit and integration suites start POSIX shells.');
  process.exit(2);
}

/** A Node that can run Stryker: this one if it is new enough, else the pinned one (fetched once). */
function nodeForStryker() {
  if (Number(process.versions.node.split('.')[0]) >= MIN_MAJOR) return process.execPath;
  try {
    return fetchNode(NODE_VERSION, (message) => log(`Node ${process.version} cannot run Stryker 10: ${message}`));
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

/** Stryker's command-line entry (the `stryker` bin of @stryker-mutator/core). */
function strykerBin() {
  try {
    const pkg = fileURLToPath(import.meta.resolve('@stryker-mutator/core/package.json'));
    return join(dirname(pkg), JSON.parse(readFileSync(pkg, 'utf8')).bin.stryker);
  } catch {
    log('@stryker-mutator/core is not installed: run npm ci first.');
    process.exit(1);
  }
}
const stryker = strykerBin();
const node = nodeForStryker();

// Some integration tests run the built CLI (dist/): build it from the current sources first, as npm test does.
if (spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);

const args = process.argv.slice(2);
// A run limited with --mutate keeps its own incremental file: Stryker writes only the mutants of the run
// into it, which would otherwise make the next full run test every other file again.
const mutateAt = args.indexOf('--mutate');
if (mutateAt !== -1 && !args.includes('--incrementalFile') && args[mutateAt + 1]) {
  const slug = args[mutateAt + 1].replace(/[^\w.-]+/g, '_').slice(0, 100);
  args.push('--incrementalFile', `reports/incremental/${slug}.json`);
}
// stryker.config.mjs is found by its name; `npm run mutate -- --mutate …` and `… -- run --mutate …` both work.
const command = ['run', 'init', 'help', '--help', '-h', '--version', '-V'].includes(args[0]) ? args : ['run', ...args];
const child = spawn(node, [stryker, ...command], {
  cwd: ROOT,
  stdio: 'inherit',
  // Anything the tests start as `node` is the same Node as Stryker's own.
  env: { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ''}` },
});
const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
