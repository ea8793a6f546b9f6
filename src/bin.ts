#!/usr/bin/env node
// The executable (dist/cli.cjs). `--help` and `--version` are answered from text rendered at build time,
// loading nothing else; every other command line runs main() from dist/app.cjs, loaded through the code
// cache (code-cache.ts). Ends with the exit code the command chose.
import { join } from 'node:path';
import { commandNameOf, prerenderedAnswer } from './fast-path';
import { cacheDirFor, createBundleLoader } from './code-cache';
import { outputFor } from './output';

declare const __VERSION__: string;

const argv = process.argv.slice(2);
const answer = prerenderedAnswer(argv);
if (answer !== undefined) {
  // Through output.ts: building process.stdout would cost more than everything else this answer does.
  outputFor(1, () => process.stdout).write(answer);
} else {
  // One cache per command: each holds the code its command ran, which a cache made by another lacks.
  const tag = `${__VERSION__}-${commandNameOf(argv)}`;
  const loader = createBundleLoader({ cacheDir: cacheDirFor(__dirname, process.env), tag, fallbackRequire: require });
  const finish = (code: number): void => {
    loader.save();
    process.exitCode = code;
  };
  let app: { main(argv: readonly string[]): Promise<number> };
  try {
    app = loader.load(join(__dirname, 'app.cjs')) as typeof app;
  } catch (error) {
    // A damaged install: say so without a stack trace (no key can be in it; nothing has been read yet).
    process.stderr.write(`ionq-env-setup: cannot load ${join(__dirname, 'app.cjs')}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  app.main(argv).then(finish, () => finish(1));
}
