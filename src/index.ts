// The programmatic API, for onboarding tools that want to save a key without spawning the CLI.
import type { System } from './system';
import type { RunCliOptions } from './session';

export { runSet, type SetOptions } from './commands/set';
export { createNodeSystem, type System } from './system';
export { verifyKey, type VerifyOutcome } from './key/ionq-api';
export { maskKey } from './key/mask';
export { CliError, ExitCode } from './errors';
export type { RunCliOptions } from './session';

/** Runs the CLI with `argv` (without node and script) against `sys`; resolves to the exit code. */
export async function runCli(argv: readonly string[], sys: System, options: RunCliOptions = {}): Promise<number> {
  // cli.ts brings yargs: loaded when called, so importing the API stays cheap.
  return (await import('./cli')).runCli(argv, sys, options);
}
