#!/usr/bin/env node
// The executable (dist/cli.cjs). `--help` and `--version` are answered from text rendered at build time,
// loading nothing else; every other command line runs main() from dist/app.cjs, loaded through the code
// cache (code-cache.ts). Ends with the exit code the command chose.
import { join } from 'node:path';
import { commandNameOf, prerenderedAnswer } from './fast-path';
import { cacheDirFor, createBundleLoader } from './code-cache';
import { outputFor } from './output';

/** A hash of the bundles' contents, set by scripts/build.mjs: a rebuilt file never meets an old cache. */
declare const __BUILD_ID__: string;

const argv = process.argv.slice(2);
const answer = prerenderedAnswer(argv, __dirname);
if (answer !== undefined) {
  // Through output.ts: building process.stdout would cost more than everything else this answer does.
  outputFor(1, () => process.stdout).write(answer);
} else {
  // A cache holds the code its run compiled, and later runs of its variant compile only what it lacks. So
  // each command has its own, a dry run (which writes nothing) too, and only a run that succeeded makes
  // one: a first run that stopped at a typo would leave every later run compiling most of its code.
  const variant = `${commandNameOf(argv)}${argv.includes('--dry-run') ? '-dry-run' : ''}`;
  const loader = createBundleLoader({ cacheDir: cacheDirFor(__dirname, process.env), buildId: __BUILD_ID__, variant, fallbackRequire: require });
  const finish = (code: number): void => {
    if (code === 0) loader.save();
    process.exitCode = code;
    // The command is over. Left to itself Node would first run V8's leftover housekeeping (a garbage
    // collection scheduled near the end of `status` costs it ~3 ms, a tenth of the whole run). Exit now
    // unless output is still queued in a stream; on Windows, where terminal writes are asynchronous,
    // Node is left to finish them.
    if (process.platform !== 'win32' && app.allOutputWritten()) process.exit(code);
  };
  let app: { main(argv: readonly string[]): Promise<number>; allOutputWritten(): boolean };
  try {
    app = loader.load(join(__dirname, 'app.cjs')) as typeof app;
  } catch (error) {
    // A damaged install: say so without a stack trace (no key can be in it; nothing has been read yet).
    process.stderr.write(`ionq-env-setup: cannot load ${join(__dirname, 'app.cjs')}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  app.main(argv).then(finish, () => finish(1));
}
