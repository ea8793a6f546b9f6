#!/usr/bin/env node
// The executable. `--help` and `--version` are answered from text rendered at build time, without
// loading the argument parser; everything else loads the CLI. Ends with the exit code the CLI chose.
import { prerenderedAnswer } from './fast-path';

const argv = process.argv.slice(2);
const answer = prerenderedAnswer(argv);
if (answer !== undefined) {
  process.stdout.write(answer);
} else {
  const [{ runCli }, { createNodeSystem }] = await Promise.all([import('./cli'), import('./system')]);
  runCli(argv, createNodeSystem()).then(
    (code) => {
      process.exitCode = code;
      // Nothing more will be read; an open stdin must not keep the process alive.
      if (!process.stdin.destroyed) process.stdin.destroy();
    },
    () => {
      process.exitCode = 1;
    },
  );
}
