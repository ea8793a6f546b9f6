#!/usr/bin/env node
// The executable. `--help` and `--version` are answered from text rendered at build time, loading
// nothing else; every other command line goes to main.ts. Ends with the exit code the command chose.
import { prerenderedAnswer } from './fast-path';

const argv = process.argv.slice(2);
const answer = prerenderedAnswer(argv);
if (answer !== undefined) {
  process.stdout.write(answer);
} else {
  import('./main')
    .then(({ main }) => main(argv))
    .then(
      (code) => {
        process.exitCode = code;
      },
      () => {
        process.exitCode = 1;
      },
    );
}
