// Which rc files a command works on: from --shell / --profile / the login shell, to FileStates read once.
import { basename, resolve } from 'node:path';
import type { Context } from '../../core/context';
import { DIALECT_OF, isShellName, PROGRAMS_OF, SHELL_NAMES, shellFromPath, type ShellName } from '../../detect/shell';
import { candidatePaths, chooseRcFile, filesReadLater, fishConfD, rcLocation, startupFiles } from '../../detect/startup-files';
import type { Dialect } from '../../rcfile/dialect';
import { readFileState, type FileState } from '../../rcfile/file-state';
import { usageError } from '../../platform/errors';
import { KEY_VARIABLE } from '../../key/variables';
import type { RcTarget } from './rc-file';

export type ShellSelection = { kind: 'all' } | { kind: 'named'; shells: ShellName[] } | { kind: 'login' };

/** Parses --shell values ("zsh,fish", repeated flags, "all"); unknown names are a usage error (exit 2). */
export function parseShellOption(values: readonly string[] | undefined): ShellSelection {
  if (!values || values.length === 0) return { kind: 'login' };
  const names = values.flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter(Boolean);
  if (names.length === 0) return { kind: 'login' };
  if (names.includes('all')) return { kind: 'all' };
  const unknown = names.filter((n) => !isShellName(n) && !shellFromPath(n));
  if (unknown.length > 0) {
    throw usageError('UNKNOWN_SHELL', `Unknown shell: ${unknown.join(', ')}. Valid shells: ${SHELL_NAMES.join(', ')}, all.`);
  }
  return { kind: 'named', shells: [...new Set(names.map((n) => (isShellName(n) ? n : shellFromPath(n)!)))] };
}

/** The dialect of a file named by --profile: from --shell, else its name, else the login shell's. */
export function profileDialect(profile: string, selection: ShellSelection, loginShell: ShellName): { dialect: Dialect; shell: ShellName } {
  if (selection.kind === 'named') {
    const dialects = new Set(selection.shells.map((s) => DIALECT_OF[s]));
    if (dialects.size > 1) throw usageError('PROFILE_SHELLS', '--profile writes one file: give at most one --shell with it (or shells of one language, like bash,zsh).');
    return { dialect: DIALECT_OF[selection.shells[0]!], shell: selection.shells[0]! };
  }
  if (selection.kind === 'all') throw usageError('PROFILE_SHELLS', '--profile writes one file: --shell all does not go with it.');
  const base = basename(profile).toLowerCase();
  if (base.endsWith('.fish')) return { dialect: 'fish', shell: 'fish' };
  if (base.endsWith('.ps1')) return { dialect: 'pwsh', shell: 'pwsh' };
  if (/(^|\.)(t?cshrc|login|cshdirs)$/.test(base)) return { dialect: 'tcsh', shell: 'tcsh' };
  return { dialect: DIALECT_OF[loginShell], shell: loginShell };
}

/** Shells from the selection; `all` means every supported shell installed here. */
async function selectedShells(ctx: Context, selection: ShellSelection): Promise<ShellName[]> {
  if (selection.kind === 'login') return [ctx.loginShell.shell];
  if (selection.kind === 'named') return selection.shells;
  return installedShells(ctx);
}

export async function installedShells(ctx: Context): Promise<ShellName[]> {
  const found = await Promise.all(
    SHELL_NAMES.map(async (shell) => {
      for (const program of PROGRAMS_OF[shell]) if (await ctx.sys.which(program)) return shell;
      return undefined;
    }),
  );
  return found.filter((s): s is ShellName => s !== undefined);
}

/** The names in fish's conf.d (none when it does not exist). */
export async function fishConfDNames(ctx: Context): Promise<string[]> {
  return ctx.sys.fs.readdir(fishConfD(ctx.roots)).catch(() => []);
}

/** Whether anything (a file, a link, even a dangling one) is at `file`. */
export async function pathExists(ctx: Context, file: string): Promise<boolean> {
  return ctx.sys.fs.lstat(file).then(
    () => true,
    () => false,
  );
}

/** A startup file a shell reads besides the one with the block. */
interface OtherStartupFile {
  file: FileState;
  /** Read after the block's file, so an assignment there wins over the block. */
  afterBlock: boolean;
}

export interface ShellTarget extends RcTarget {
  shell: ShellName;
  /** Other shells that share this file (sh and ksh both use ~/.profile). */
  alsoFor: ShellName[];
  /** The other existing files these shells read at start, already read. */
  otherFiles: OtherStartupFile[];
}

/** Resolves each selected shell to its file and reads it; shells sharing one file share one target. */
export async function resolveShellTargets(ctx: Context, selection: ShellSelection, profile: string | undefined): Promise<ShellTarget[]> {
  if (profile !== undefined) {
    const { dialect, shell } = profileDialect(profile, selection, ctx.loginShell.shell);
    const file = await readFileState(ctx.sys.fs, resolve(ctx.sys.cwd, profile));
    return [{ target: 'shell', shell, dialect, file, label: ctx.label(file.path), alsoFor: [], otherFiles: [] }];
  }
  const shells = await selectedShells(ctx, selection);
  const confD = await fishConfDNames(ctx);
  const targets: ShellTarget[] = [];
  for (const shell of shells) {
    const present = new Set<string>();
    for (const candidate of candidatePaths(shell, ctx.os, ctx.roots)) if (await pathExists(ctx, candidate)) present.add(candidate);
    const exists = (f: string): boolean => present.has(f);
    const chosen = chooseRcFile(rcLocation(shell, ctx.os, ctx.roots), exists);
    const later = new Set(filesReadLater(shell, ctx.os, ctx.roots, exists, confD));
    const others = startupFiles(shell, ctx.os, ctx.roots, exists, confD).filter((f) => f.path !== chosen.path);
    let target = targets.find((t) => t.file.path === chosen.path);
    if (target) target.alsoFor.push(shell);
    else {
      const file = await readFileState(ctx.sys.fs, chosen.path);
      target = { target: 'shell', shell, dialect: DIALECT_OF[shell], file, label: ctx.label(chosen.path), alsoFor: [], otherFiles: [] };
      targets.push(target);
    }
    for (const other of others) {
      if (target.otherFiles.some((o) => o.file.path === other.path)) continue;
      const file = await readFileState(ctx.sys.fs, other.path);
      if (file.exists) target.otherFiles.push({ file, afterBlock: later.has(other.path) });
    }
  }
  return targets;
}

/** The command that clears the variable in the shell that is open now. */
export function unsetHint(shell: ShellName | 'windows'): string {
  switch (shell) {
    case 'fish':
      return `set -e ${KEY_VARIABLE}`;
    case 'tcsh':
      return `unsetenv ${KEY_VARIABLE}`;
    case 'pwsh':
    case 'windows':
      return `Remove-Item Env:${KEY_VARIABLE}`;
    default:
      return `unset ${KEY_VARIABLE}`;
  }
}

/** The line that loads the key into the shell that is open now. */
export function loadNowHint(shell: ShellName, label: string): string {
  switch (shell) {
    case 'sh':
    case 'ksh':
      return `. ${label}`;
    case 'pwsh':
      return `. ${label}`;
    default:
      return `source ${label}`;
  }
}
