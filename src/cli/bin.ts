#!/usr/bin/env node
// The executable (dist/cli.js): runs the command line and ends with the exit code the command chose.
import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    // main() turns every failure into a message and a code; this is only reached if printing failed too.
    // Nothing is echoed: an unexpected error's text could hold the key.
    process.exitCode = 1;
  },
);
