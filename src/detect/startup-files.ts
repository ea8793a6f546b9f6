// The one table of shells and their startup files: for each shell, the files a new terminal reads, in
// reading order (a later assignment wins), and which of them `set` writes. Everything else — the file
// `set` picks, what `status` scans and in which order, which files can override the block — is derived
// from it here.
import { isAbsolute, join, resolve } from 'node:path';
import type { ShellName } from './shell';
import type { OsKind } from './os';
import type { Dialect } from '../rcfile/dialect';
import { DIALECT_OF } from './shell';

/** The environment-dependent roots that decide where each shell's files live. */
export interface ShellRoots {
  home: string;
  /** $ZDOTDIR, where zsh reads its files instead of $HOME. */
  zdotdir: string;
  /** $XDG_CONFIG_HOME, or ~/.config. */
  configHome: string;
}

export function shellRoots(home: string, env: Readonly<Record<string, string | undefined>>): ShellRoots {
  // Relative XDG/ZDOTDIR values are invalid per their specs and ignored, as the shells do.
  const absolute = (value: string | undefined): string | undefined => (value && isAbsolute(value) ? resolve(value) : undefined);
  return { home, zdotdir: absolute(env.ZDOTDIR) ?? home, configHome: absolute(env.XDG_CONFIG_HOME) ?? join(home, '.config') };
}

/**
 * One step of a shell's start: a file it reads; the first that exists of several (bash as a login shell
 * reads only the first of its three files); or every `*.fish` file of fish's conf.d, in name order.
 */
type ReadStep = { files: readonly string[] } | { confD: string };

interface ShellStart {
  reads: readonly ReadStep[];
  /** The step whose file `set` writes (for conf.d: the tool's own file in it). */
  writes: number;
}

/** The folder fish reads every `*.fish` file of, before config.fish. */
export const fishConfD = (roots: ShellRoots): string => join(roots.configHome, 'fish', 'conf.d');
/** The file the tool owns in fish's conf.d. */
const FISH_FILE = 'ionq.fish';

function shellStart(shell: ShellName, os: OsKind, roots: ShellRoots): ShellStart {
  const home = (name: string): string => join(roots.home, name);
  switch (shell) {
    case 'bash':
      // macOS terminals start bash as a login shell, which reads only the first of these that exists;
      // Linux terminals start interactive, non-login bash, which reads only ~/.bashrc.
      if (os === 'darwin') return { reads: [{ files: ['.bash_profile', '.bash_login', '.profile'].map(home) }], writes: 0 };
      return { reads: [{ files: [home('.bashrc')] }], writes: 0 };
    case 'zsh':
      return { reads: ['.zshenv', '.zprofile', '.zshrc', '.zlogin'].map((n) => ({ files: [join(roots.zdotdir, n)] })), writes: 2 };
    case 'sh':
      return { reads: [{ files: [home('.profile')] }], writes: 0 };
    case 'ksh':
      return { reads: [{ files: [home('.profile')] }, { files: [home('.kshrc')] }], writes: 0 };
    case 'fish':
      return { reads: [{ confD: fishConfD(roots) }, { files: [join(roots.configHome, 'fish', 'config.fish')] }], writes: 0 };
    case 'tcsh':
      // tcsh reads ~/.cshrc only when there is no ~/.tcshrc: creating .tcshrc beside a .cshrc would hide it.
      return { reads: [{ files: [home('.tcshrc'), home('.cshrc')] }, { files: [home('.login')] }], writes: 0 };
    case 'pwsh': {
      // The current user's profiles: all hosts, then the console host's own.
      const dir = os === 'windows' ? join(roots.home, 'Documents', 'PowerShell') : join(roots.configHome, 'powershell');
      return { reads: [{ files: [join(dir, 'profile.ps1')] }, { files: [join(dir, 'Microsoft.PowerShell_profile.ps1')] }], writes: 1 };
    }
  }
}

/** Where a shell's key goes: the files it would accept in reading order (the first that exists wins), and the one to create. */
export interface RcLocation {
  candidates: readonly string[];
  fallback: string;
}

export function rcLocation(shell: ShellName, os: OsKind, roots: ShellRoots): RcLocation {
  const start = shellStart(shell, os, roots);
  const step = start.reads[start.writes]!;
  const candidates = 'confD' in step ? [join(step.confD, FISH_FILE)] : step.files;
  return { candidates, fallback: candidates[0]! };
}

/** The file to write: the first candidate that exists, else the fallback (never one that hides another). */
export function chooseRcFile(location: RcLocation, exists: (file: string) => boolean): { path: string; exists: boolean } {
  const found = location.candidates.find(exists);
  return found ? { path: found, exists: true } : { path: location.fallback, exists: false };
}

export interface StartupFile {
  path: string;
  dialect: Dialect;
}

/** Every path a shell's start may look at (for checking which exist before calling startupFiles). */
export function candidatePaths(shell: ShellName, os: OsKind, roots: ShellRoots): string[] {
  return shellStart(shell, os, roots).reads.flatMap((step) => ('confD' in step ? [] : step.files));
}

function readFiles(steps: readonly ReadStep[], exists: (file: string) => boolean, confDNames: readonly string[], after?: string): string[] {
  return steps.flatMap((step) => {
    if ('confD' in step) {
      return [...confDNames]
        .filter((n) => n.endsWith('.fish') && (after === undefined || n > after))
        .sort()
        .map((n) => join(step.confD, n));
    }
    const found = step.files.length === 1 ? step.files : step.files.filter(exists).slice(0, 1);
    return [...found];
  });
}

/**
 * The files a new terminal of `shell` reads, in reading order. `exists` picks the one file of a
 * first-that-exists step; `fishConfDNames` are the names in fish's conf.d.
 */
export function startupFiles(shell: ShellName, os: OsKind, roots: ShellRoots, exists: (file: string) => boolean, fishConfDNames: readonly string[]): StartupFile[] {
  const { reads } = shellStart(shell, os, roots);
  return readFiles(reads, exists, fishConfDNames).map((path) => ({ path, dialect: DIALECT_OF[shell] }));
}

/** Files the shell reads after the one `set` writes, where a later assignment would win over the block. */
export function filesReadLater(shell: ShellName, os: OsKind, roots: ShellRoots, exists: (file: string) => boolean, fishConfDNames: readonly string[]): string[] {
  const { reads, writes } = shellStart(shell, os, roots);
  const own = reads[writes]!;
  const laterInConfD = 'confD' in own ? readFiles([own], exists, fishConfDNames, FISH_FILE) : [];
  return [...laterInConfD, ...readFiles(reads.slice(writes + 1), exists, fishConfDNames)];
}

/**
 * Files worth scanning for the key beyond what a new terminal reads: the other bash login files (a key
 * set with --profile, or by hand for login shells) and ~/.cshrc next to ~/.tcshrc.
 */
export function extraScannedFiles(roots: ShellRoots): StartupFile[] {
  const home = (name: string): string => join(roots.home, name);
  return [
    ...['.bashrc', '.bash_profile', '.bash_login', '.profile'].map((n) => ({ path: home(n), dialect: 'posix' as const })),
    { path: home('.tcshrc'), dialect: 'tcsh' },
    { path: home('.cshrc'), dialect: 'tcsh' },
  ];
}
