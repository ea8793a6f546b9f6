// The read-only part of `status` and `remove`: every place a key variable is defined — this process's
// environment, each shell startup file, the Windows user environment, a .env in the current folder.
// Values are kept only to compare them; reports carry their masks.
import { join } from 'node:path';
import type { Context } from '../core/context';
import { SHELL_NAMES, type ShellName } from '../detect/shell';
import { candidatePaths, extraScannedFiles, startupFiles, type StartupFile } from '../detect/startup-files';
import { readFileState, type FileState } from '../rcfile/file-state';
import { findAssignments, literalValue, maskedValue } from '../rcfile/assignments';
import { scanBlock, splitLines } from '../rcfile/block';
import type { Dialect } from '../rcfile/dialect';
import { readUserVariable } from '../targets/windows';
import { fishConfDNames, pathExists } from '../targets/shell/locate';
import { ALL_KEY_VARIABLES, KEY_VARIABLE } from '../key/variables';
import { maskKey } from '../key/mask';
import { keyForms } from '../history/scan';
import { keyFilePath, keyFileWord, keyInKeyFile } from '../targets/shell/key-file';
import { storeOfBlock, type Store } from '../targets/shell/block-body';
import { keychainPlatform, readKeychain } from '../targets/keychain';
import type { KeychainRead } from '../targets/shell/keychain';
import { CliError } from '../platform/errors';

type PlaceKind = 'environment' | 'file' | 'windows' | 'dotenv';

/** One definition of one key variable. `value` is never reported: only compared, and shown masked. */
export interface Definition {
  variable: string;
  kind: PlaceKind;
  path?: string;
  line?: number;
  /** Inside the ionq-env-setup block. */
  managed: boolean;
  /** A block that loads the key file (--store separate): the value is the key file's. */
  keyFile?: string;
  /** A block that reads the OS keychain (--store keychain): the value is the keychain item's. */
  keychain?: boolean;
  /** undefined: the shell computes it (`$(…)`, `$OTHER`) or it cannot be read, so it is not compared. */
  value: string | undefined;
  masked: string;
}

export interface ScannedFile {
  state: FileState;
  dialect: Dialect;
  /** Shells whose new terminals read this file. */
  shells: ShellName[];
  block?: { beginLine: number; endLine: number };
  /** What the tool's block does: holds the key (inline), loads the key file (separate) or reads the keychain. */
  store?: Store;
  broken?: { line: number; reason: string };
  definitions: Definition[];
}

export interface KeyScan {
  environment: Definition[];
  /** Existing startup files (and unusable ones, with state.problem), each once. */
  files: ScannedFile[];
  /** Read order per shell: the paths of the files each shell's new terminal reads. */
  readOrder: Partial<Record<ShellName, string[]>>;
  /** The Windows user environment (on Windows only). */
  windows?: Definition[];
  windowsError?: string;
  dotenv?: ScannedFile;
  /** The key file of --store separate, when it exists (or a block loads it). */
  keyFile?: { state: FileState; key: string | undefined };
  /** The keychain item of --store keychain, read when a block loads it. */
  keychain?: KeychainRead;
}

function definitionsIn(state: FileState, dialect: Dialect | 'dotenv', kind: PlaceKind, block: ScannedFile['block']): Definition[] {
  if (!state.content) return [];
  return findAssignments(state.content).map((a) => {
    const value = literalValue(dialect, a.rawValue);
    const managed = block !== undefined && a.line > block.beginLine && a.line < block.endLine;
    return {
      variable: a.name,
      kind,
      path: state.path,
      line: a.line,
      managed,
      value,
      masked: maskedValue(dialect, a.rawValue),
    };
  });
}

type KeyFileRead = { path: string; key: string | undefined; exists: boolean };

/** A line that loads the key file (the tool's block, or one added by hand) stands for the key file's key. */
const keyFileSource = (keyFile: KeyFileRead): Pick<Definition, 'keyFile' | 'value' | 'masked'> => ({
  keyFile: keyFile.path,
  value: keyFile.key,
  masked: keyFile.key !== undefined ? maskKey(keyFile.key) : keyFile.exists ? '(key file empty)' : '(key file missing)',
});

/** Where a loader block's key comes from: the key file, or the keychain (read once, and only if a block needs it). */
interface LoadedKeys {
  keyFile: KeyFileRead;
  keychain(): Promise<KeychainRead>;
}

async function scanFile(ctx: Context, file: StartupFile | { path: string; dialect: 'dotenv' }, kind: PlaceKind, loaded?: LoadedKeys): Promise<ScannedFile | undefined> {
  const state = await readFileState(ctx.sys.fs, file.path);
  if (!state.exists && !state.problem) return undefined;
  const scan = scanBlock(state.content ?? '');
  const block = scan.kind === 'one' ? { beginLine: scan.block.beginLine, endLine: scan.block.endLine } : undefined;
  const store = scan.kind === 'one' ? storeOfBlock(scan.block.body) : undefined;
  let definitions = definitionsIn(state, file.dialect, kind, block);
  if (block && kind === 'file' && loaded && (store === 'separate' || store === 'keychain')) {
    // The loader's own lines are not assignments of a literal; the block stands for the key it loads.
    definitions = definitions.filter((d) => !d.managed);
    const at = definitions.findIndex((d) => d.line! > block.endLine);
    let source: Pick<Definition, 'value' | 'masked' | 'keyFile' | 'keychain'>;
    if (store === 'separate') {
      source = keyFileSource(loaded.keyFile);
    } else {
      const read = await loaded.keychain();
      source = { keychain: true, value: read.kind === 'key' ? read.key : undefined, masked: read.kind === 'key' ? maskKey(read.key) : read.kind === 'none' ? '(not in the keychain)' : '(keychain not readable now)' };
    }
    definitions.splice(at === -1 ? definitions.length : at, 0, { variable: KEY_VARIABLE, kind, path: state.path, line: block.beginLine, managed: true, ...source });
  }
  if (kind === 'file' && loaded && file.dialect !== 'dotenv' && state.content) {
    // The key file's loader added by hand outside the block — what the tool tells a dotfile manager's
    // user to add — loads the key file's key too.
    const word = keyFileWord(file.dialect, loaded.keyFile.path, ctx.home);
    for (const line of splitLines(state.content)) {
      if ((block && line.number >= block.beginLine && line.number <= block.endLine) || !line.text.includes(word) || !/\bread -r IONQ_API_KEY\b|set -gx IONQ_API_KEY|setenv IONQ_API_KEY|\$env:IONQ_API_KEY/.test(line.text)) continue;
      definitions.push({ variable: KEY_VARIABLE, kind, path: state.path, line: line.number, managed: false, ...keyFileSource(loaded.keyFile) });
    }
    definitions.sort((a, b) => a.line! - b.line!);
  }
  return {
    state,
    dialect: file.dialect === 'dotenv' ? 'posix' : file.dialect,
    shells: [],
    ...(block && store ? { block, store } : {}),
    ...(scan.kind === 'broken' ? { broken: { line: scan.line, reason: scan.reason } } : {}),
    definitions,
  };
}

/** Which shells' startup files to look at (all of them unless limited), in reading order. */
async function startupFilesByShell(ctx: Context, shells: readonly ShellName[] = SHELL_NAMES): Promise<Map<ShellName, StartupFile[]>> {
  const confDNames = await fishConfDNames(ctx);
  const present = new Set<string>();
  const maybe = new Set(shells.flatMap((shell) => candidatePaths(shell, ctx.os, ctx.roots)));
  for (const f of maybe) if (await pathExists(ctx, f)) present.add(f);
  const out = new Map<ShellName, StartupFile[]>();
  for (const shell of shells) out.set(shell, startupFiles(shell, ctx.os, ctx.roots, (f) => present.has(f), confDNames));
  return out;
}

/** Reads every place a key may be defined. Changes nothing. */
export async function scanKeyPlaces(ctx: Context, options: { shells?: readonly ShellName[]; includeExtra?: boolean; windows?: boolean } = {}): Promise<KeyScan> {
  const env = ctx.sys.env;
  const environment: Definition[] = [];
  for (const name of ALL_KEY_VARIABLES) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    environment.push({ variable: name, kind: 'environment', managed: false, value: raw.trim(), masked: maskKey(raw.trim()) });
  }

  const byShell = await startupFilesByShell(ctx, options.shells);
  const readOrder: KeyScan['readOrder'] = {};
  const toScan = new Map<string, { file: StartupFile; shells: ShellName[] }>();
  for (const [shell, files] of byShell) {
    readOrder[shell] = files.map((f) => f.path);
    for (const f of files) {
      const entry = toScan.get(f.path) ?? { file: f, shells: [] };
      entry.shells.push(shell);
      toScan.set(f.path, entry);
    }
  }
  if (options.includeExtra ?? true) {
    for (const f of extraScannedFiles(ctx.roots)) if (!toScan.has(f.path)) toScan.set(f.path, { file: f, shells: [] });
  }
  const keyFileState = await readFileState(ctx.sys.fs, keyFilePath(ctx.roots));
  let keychain: Promise<KeychainRead> | undefined;
  const loaded: LoadedKeys = {
    keyFile: { path: keyFileState.path, key: keyInKeyFile(keyFileState.content), exists: keyFileState.exists },
    keychain: () => (keychain ??= readKeychain(ctx.sys, keychainPlatform(ctx.sys.platform)).catch((error: unknown) => ({ kind: 'unreadable' as const, reason: error instanceof CliError ? error.message : 'the keychain could not be asked' }))),
  };
  const files: ScannedFile[] = [];
  for (const { file, shells } of toScan.values()) {
    const scanned = await scanFile(ctx, file, 'file', loaded);
    if (scanned) files.push({ ...scanned, shells });
  }

  const result: KeyScan = { environment, files, readOrder, ...(keychain ? { keychain: await keychain } : {}) };
  if (keyFileState.exists || keyFileState.problem || files.some((f) => f.store === 'separate')) result.keyFile = { state: keyFileState, key: loaded.keyFile.key };
  if (ctx.os === 'windows' && (options.windows ?? true)) {
    try {
      const windows: Definition[] = [];
      for (const name of ALL_KEY_VARIABLES) {
        const value = await readUserVariable(ctx.sys, name);
        if (value !== undefined && value.trim() !== '') windows.push({ variable: name, kind: 'windows', managed: false, value: value.trim(), masked: maskKey(value.trim()) });
      }
      result.windows = windows;
    } catch {
      result.windowsError = 'reg.exe could not be run to read the user environment';
    }
  }
  const dotenv = await scanFile(ctx, { path: join(ctx.sys.cwd, '.env'), dialect: 'dotenv' }, 'dotenv');
  if (dotenv && (dotenv.definitions.length > 0 || dotenv.state.problem)) result.dotenv = dotenv;
  return result;
}

/** Every key value this machine knows of (the environment, the rc files' literals, the key file, `extra`), in each written form. */
export function knownKeys(scan: KeyScan, extra: readonly string[] = []): string[] {
  const values = new Set<string>(extra);
  for (const d of scan.environment) if (d.value) values.add(d.value);
  for (const f of [...scan.files, ...(scan.dotenv ? [scan.dotenv] : [])]) for (const d of f.definitions) if (d.value) values.add(d.value);
  for (const d of scan.windows ?? []) if (d.value) values.add(d.value);
  if (scan.keyFile?.key) values.add(scan.keyFile.key);
  if (scan.keychain?.kind === 'key') values.add(scan.keychain.key);
  return [...values].flatMap(keyForms);
}
