// Windows keeps user environment variables in HKCU\Environment. setx writes there (and tells running
// programs); it is the one program that gets the key on its command line, since it has no other input.
// Because setx can report success without storing the value (truncation, a stub setx), every write is
// read back with `reg query` and compared with the key.
import type { System } from '../system';
import type { RegistryChange } from '../plan';
import { KEY_VARIABLE } from '../key/variables';
import { maskKey } from '../key/mask';
import { failure } from '../errors';
import type { EditStatus } from '../rcfile/block';

export const REG_KEY = 'HKCU\\Environment';

/** The argv of each program this target runs, as data (tests check these exactly). */
export const regQueryArgs = (name = KEY_VARIABLE): string[] => ['query', REG_KEY, '/v', name];
export const regDeleteArgs = (name = KEY_VARIABLE): string[] => ['delete', REG_KEY, '/v', name, '/f'];
export const setxArgs = (value: string, name = KEY_VARIABLE): string[] => [name, value];

/**
 * Parses `reg query` output:  `    IONQ_API_KEY    REG_SZ    value`. The value is everything after the
 * type and its four-space separator, so a value that itself contains spaces survives.
 */
export function parseRegQuery(stdout: string, name = KEY_VARIABLE): { type: string; value: string } | undefined {
  for (const rawLine of stdout.split(/\r?\n/)) {
    const m = /^\s+(\S+)\s{4}(REG_[A-Z_]+)\s{4}(.*)$/.exec(rawLine) ?? /^\s+(\S+)\s{4}(REG_[A-Z_]+)()$/.exec(rawLine);
    if (m && m[1]!.toUpperCase() === name.toUpperCase()) return { type: m[2]!, value: m[3]! };
  }
  return undefined;
}

/** The value of a user environment variable, or undefined when it is not set. */
export async function readUserVariable(sys: System, name = KEY_VARIABLE): Promise<string | undefined> {
  const result = await sys.run('reg', regQueryArgs(name), { timeoutMs: 15_000 });
  if (result.spawnError) throw failure('REG_FAILED', `Could not run reg.exe to read the user environment (${result.spawnError}).`);
  // reg exits 1 when the value does not exist.
  if (result.exitCode !== 0) return undefined;
  return parseRegQuery(result.stdout, name)?.value;
}

export function planRegistrySet(current: string | undefined, key: string): RegistryChange {
  const status: EditStatus = current === key ? 'unchanged' : current === undefined ? 'created' : 'updated';
  return { kind: 'registry', target: 'windows', status, current, desired: key };
}

export function planRegistryRemove(current: string | undefined): RegistryChange {
  return { kind: 'registry', target: 'windows', status: current === undefined ? 'unchanged' : 'removed', current, desired: undefined };
}

/** Runs setx (or reg delete), then reads the value back; a mismatch is a failure, not a success. */
export async function applyRegistryChange(sys: System, change: RegistryChange): Promise<{ undo?: () => Promise<void> }> {
  if (change.desired === undefined) {
    const result = await sys.run('reg', regDeleteArgs(), { timeoutMs: 15_000 });
    const after = await readUserVariable(sys);
    if (result.spawnError || after !== undefined) {
      throw failure('REG_DELETE_FAILED', `Could not delete ${KEY_VARIABLE} from the user environment (${REG_KEY}).`, `Delete it by hand: reg delete ${REG_KEY} /v ${KEY_VARIABLE} /f`);
    }
    return {};
  }
  const desired = change.desired;
  const result = await sys.run('setx', setxArgs(desired), { timeoutMs: 30_000 });
  if (result.spawnError || result.exitCode !== 0) {
    const why = result.spawnError ? `could not start setx: ${result.spawnError}` : `setx exited with code ${result.exitCode}`;
    throw failure('SETX_FAILED', `Could not save ${KEY_VARIABLE} in the user environment (${why}).`);
  }
  const stored = await readUserVariable(sys);
  if (stored !== desired) {
    await restore(sys, change.current, stored);
    const what = stored === undefined ? 'nothing was stored' : `the stored value (${maskKey(stored)}) is not the key`;
    throw failure(
      'SETX_NOT_PERSISTED',
      `setx reported success, but reading ${REG_KEY} back shows ${what}.`,
      'Set IONQ_API_KEY by hand in System Properties → Environment Variables, then check with: ionq-env-setup status',
    );
  }
  return { undo: () => restore(sys, change.current, desired) };
}

// Puts the variable back to what it was before this run (deleting it if it did not exist).
async function restore(sys: System, previous: string | undefined, now: string | undefined): Promise<void> {
  if (now === previous) return;
  if (previous === undefined) await sys.run('reg', regDeleteArgs(), { timeoutMs: 15_000 });
  else await sys.run('setx', setxArgs(previous), { timeoutMs: 30_000 });
}
