// Everything a run needs except yargs, Inquirer and execa (each loaded only on the paths that use them).
import { fastParse } from './fast-parse';
import { openSession } from './session';
import { createNodeSystem, releaseStdin } from './system';

/** Runs the command line; a plainly valid one without yargs, anything else through it. */
export async function main(argv: readonly string[]): Promise<number> {
  const sys = createNodeSystem();
  try {
    const fast = fastParse(argv);
    if (fast) return await openSession(sys, argv).execute(fast.command.run, fast.args);
    const { runCli } = await import('./cli');
    return await runCli(argv, sys);
  } finally {
    // Nothing more will be read; an open stdin must not keep the process alive.
    releaseStdin();
  }
}
