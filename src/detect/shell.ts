import { basename } from 'node:path';
import type { Dialect } from '../rcfile/dialect';
import type { OsKind } from './os';

export const SHELL_NAMES = ['bash', 'zsh', 'fish', 'sh', 'ksh', 'tcsh', 'pwsh'] as const;
export type ShellName = (typeof SHELL_NAMES)[number];

export const DIALECT_OF: Readonly<Record<ShellName, Dialect>> = {
  bash: 'posix',
  zsh: 'posix',
  sh: 'posix',
  ksh: 'posix',
  fish: 'fish',
  tcsh: 'tcsh',
  pwsh: 'pwsh',
};

/** The program each shell is found as on PATH (for `--shell all` and the wizard's choices). */
export const PROGRAMS_OF: Readonly<Record<ShellName, readonly string[]>> = {
  bash: ['bash'],
  zsh: ['zsh'],
  fish: ['fish'],
  sh: ['sh', 'dash'],
  ksh: ['ksh', 'ksh93', 'mksh'],
  tcsh: ['tcsh', 'csh'],
  pwsh: ['pwsh'],
};

const ALIASES: Readonly<Record<string, ShellName>> = {
  dash: 'sh',
  ash: 'sh',
  ksh93: 'ksh',
  mksh: 'ksh',
  pdksh: 'ksh',
  csh: 'tcsh',
  powershell: 'pwsh',
  'pwsh-preview': 'pwsh',
};

export const isShellName = (name: string): name is ShellName => (SHELL_NAMES as readonly string[]).includes(name);

/** The shell a path like /usr/bin/zsh or C:\…\pwsh.exe names, if it is one we support. */
export function shellFromPath(shellPath: string | undefined): ShellName | undefined {
  if (!shellPath) return undefined;
  const base = basename(shellPath.replace(/\\/g, '/')).toLowerCase().replace(/\.exe$/, '').replace(/^-/, '');
  if (isShellName(base)) return base;
  return ALIASES[base];
}

export interface LoginShell {
  shell: ShellName;
  /** How it was found, said to the user when it was a guess. */
  source: 'SHELL' | 'user database' | 'assumed';
}

/**
 * The shell new terminals start: $SHELL, else the user database, else the platform's default.
 * In containers and CI $SHELL is often unset or /bin/sh; the caller says what was assumed.
 */
/** `userShell` is asked only when SHELL does not name a shell (reading the user database costs a lookup). */
export function detectLoginShell(shellEnv: string | undefined, userShell: () => string | undefined, os: OsKind): LoginShell {
  const fromEnv = shellFromPath(shellEnv);
  if (fromEnv) return { shell: fromEnv, source: 'SHELL' };
  const fromDb = shellFromPath(userShell());
  if (fromDb) return { shell: fromDb, source: 'user database' };
  return { shell: os === 'darwin' ? 'zsh' : os === 'windows' ? 'pwsh' : 'bash', source: 'assumed' };
}
