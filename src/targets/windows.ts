// Windows keeps user environment variables in HKCU\Environment. setx writes there (and tells running
// programs); it is the one program that gets the key on its command line, since it has no other input.
// Because setx can report success without storing the value (truncation, a stub setx), every write is
// read back with `reg query` and compared with the key.
import { join } from 'node:path';
import type { System } from '../platform/system';
import type { RegistryChange } from '../core/plan';
import { KEY_VARIABLE } from '../key/variables';
import { maskKey } from '../key/mask';
import { failure } from '../platform/errors';
import type { EditStatus } from '../rcfile/block';

export const REG_KEY = 'HKCU\\Environment';

/** The argv of each program this target runs, as data (tests check these exactly). */
const regQueryArgs = (name = KEY_VARIABLE): string[] => ['query', REG_KEY, '/v', name];
const regDeleteArgs = (name = KEY_VARIABLE): string[] => ['delete', REG_KEY, '/v', name, '/f'];
const setxArgs = (value: string, name = KEY_VARIABLE): string[] => [name, value];
const regExportArgs = (file: string): string[] => ['export', REG_KEY, file, '/y'];

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

/**
 * True when `reg query` shows `value` exactly. reg.exe prints in the console's OEM code page (437, 850…)
 * when its output is a pipe: printable ASCII survives, anything else comes out as other bytes or as `?`.
 */
export const isExactInRegQuery = (value: string): boolean => /^[\x20-\x3e\x40-\x7e]*$/.test(value);

/**
 * Parses a `reg export` file (UTF-16LE text): `"NAME"="value"` with `\\` and `\"` escaped (REG_SZ), or
 * `"NAME"=hex(2):41,00,…` (REG_EXPAND_SZ, UTF-16LE bytes, possibly over several `\`-continued lines).
 */
export function parseRegExport(text: string, name = KEY_VARIABLE): string | undefined {
  const lines = text.replace(/^\uFEFF/, '').replace(/,\\\r?\n\s*/g, ',').split(/\r?\n/);
  const prefix = `"${name.toUpperCase()}"=`;
  for (const line of lines) {
    if (!line.toUpperCase().startsWith(prefix)) continue;
    const data = line.slice(prefix.length);
    const sz = /^"((?:[^"\\]|\\.)*)"$/.exec(data);
    if (sz) return sz[1]!.replace(/\\(.)/g, '$1');
    const expand = /^hex\(2\):([0-9a-fA-F,]*)$/.exec(data);
    if (expand) {
      const bytes = Buffer.from(expand[1]!.split(',').filter(Boolean).map((h) => parseInt(h, 16)));
      return bytes.toString('utf16le').replace(/\0+$/, '');
    }
  }
  return undefined;
}

/** The value of a user environment variable, or undefined when it is not set. */
export async function readUserVariable(sys: System, name = KEY_VARIABLE): Promise<string | undefined> {
  const result = await sys.run('reg', regQueryArgs(name), { timeoutMs: 60_000 });
  if (result.spawnError) throw failure('REG_FAILED', `Could not run reg.exe to read the user environment (${result.spawnError}).`);
  // reg exits 1 when the value does not exist.
  if (result.exitCode !== 0) return undefined;
  const shown = parseRegQuery(result.stdout, name)?.value;
  if (shown === undefined || isExactInRegQuery(shown)) return shown;
  return readUserVariableExactly(sys, name);
}

/**
 * Reads the value through `reg export`, which writes UTF-16LE and so keeps every character. The export holds
 * all of HKCU\Environment, so it goes to a folder only this user can read, deleted straight after.
 */
async function readUserVariableExactly(sys: System, name: string): Promise<string> {
  const base = sys.env.TEMP ?? sys.env.TMP ?? sys.home ?? sys.cwd;
  const dir = join(base, `ionq-env-setup-${sys.pid}-${Date.now().toString(36)}`);
  const cannot = (why: string) => failure('REG_FAILED', `Could not read ${name} exactly from ${REG_KEY} (${why}).`);
  try {
    await sys.fs.mkdir(dir, { mode: 0o700 });
  } catch {
    throw cannot(`no private temporary folder in ${base}`);
  }
  try {
    const file = join(dir, 'environment.reg');
    const result = await sys.run('reg', regExportArgs(file), { timeoutMs: 60_000 });
    if (result.spawnError || result.exitCode !== 0) throw cannot(result.spawnError ?? `reg export exited with code ${result.exitCode}`);
    const value = parseRegExport((await sys.fs.readFile(file)).toString('utf16le'), name);
    if (value === undefined) throw cannot('the value was not in the export');
    return value;
  } finally {
    await sys.fs.remove(dir);
  }
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
    const result = await sys.run('reg', regDeleteArgs(), { timeoutMs: 60_000 });
    const after = await readUserVariable(sys);
    if (result.spawnError || after !== undefined) {
      throw failure('REG_DELETE_FAILED', `Could not delete ${KEY_VARIABLE} from the user environment (${REG_KEY}).`, `Delete it by hand: reg delete ${REG_KEY} /v ${KEY_VARIABLE} /f`);
    }
    return {};
  }
  const desired = change.desired;
  const result = await sys.run('setx', setxArgs(desired), { timeoutMs: 60_000 });
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
  if (previous === undefined) await sys.run('reg', regDeleteArgs(), { timeoutMs: 60_000 });
  else await sys.run('setx', setxArgs(previous), { timeoutMs: 60_000 });
}
