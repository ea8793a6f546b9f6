#!/usr/bin/env node
// The executable. Ends the process with the exit code the CLI chose, once output is flushed.
import { runCli } from './cli';
import { createNodeSystem } from './system';

runCli(process.argv.slice(2), createNodeSystem()).then(
  (code) => {
    process.exitCode = code;
    // Nothing more will be read; an open stdin must not keep the process alive.
    if (!process.stdin.destroyed) process.stdin.destroy();
  },
  () => {
    process.exitCode = 1;
  },
);
