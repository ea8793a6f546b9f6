// The programmatic API, for onboarding tools that want to save a key without spawning the CLI.
export { main as runCli, type MainOptions } from '../cli/main';
export { runSet, type SetOptions } from '../commands/set';
export { createNodeSystem, type System } from '../platform/system';
export { verifyKey, type VerifyOutcome } from '../key/ionq-api';
export { maskKey } from '../key/mask';
export { CliError, ExitCode } from '../platform/errors';
