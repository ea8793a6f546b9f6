import { isAbsolute, join, resolve } from 'node:path';
import type { ShellName } from './shell';
import type { OsKind } from './os';

/** The environment-dependent roots that decide where each shell's file lives. */
export interface ShellRoots {
  home: string;
  /** $ZDOTDIR, where zsh reads its files instead of $HOME. */
  zdotdir: string;
  /** $XDG_CONFIG_HOME, or ~/.config. */
  configHome: string;
}

export function shellRoots(home: string, env: Readonly<Record<string, string | undefined>>): ShellRoots {
  // Relative XDG/ZDOTDIR values are invalid per their specs and ignored, as the shells do.
  const absolute = (value: string | undefined): string | undefined =>
    value && isAbsolute(value) ? resolve(value) : undefined;
  return {
    home,
    zdotdir: absolute(env.ZDOTDIR) ?? home,
    configHome: absolute(env.XDG_CONFIG_HOME) ?? join(home, '.config'),
  };
}

/**
 * Where a shell's key goes: `candidates` in the order the shell reads them (the first that exists wins),
 * and `fallback`, the file to create when none exists. `owned` marks a file the tool owns whole.
 */
export interface RcLocation {
  candidates: readonly string[];
  fallback: string;
  owned: boolean;
  why: string;
}

export function rcLocation(shell: ShellName, os: OsKind, roots: ShellRoots): RcLocation {
  const home = (name: string): string => join(roots.home, name);
  switch (shell) {
    case 'bash':
      if (os === 'darwin') {
        // Terminal.app and iTerm start bash as a login shell, which reads only the first of these that
        // exists. Creating .bash_profile next to an existing .profile would stop bash reading .profile.
        const files = ['.bash_profile', '.bash_login', '.profile'].map(home);
        return {
          candidates: files,
          fallback: files[0]!,
          owned: false,
          why: 'macOS terminals start bash as a login shell, which reads the first of ~/.bash_profile, ~/.bash_login, ~/.profile',
        };
      }
      return { candidates: [home('.bashrc')], fallback: home('.bashrc'), owned: false, why: 'every interactive bash reads ~/.bashrc' };
    case 'zsh': {
      const file = join(roots.zdotdir, '.zshrc');
      return { candidates: [file], fallback: file, owned: false, why: 'every interactive zsh reads .zshrc in $ZDOTDIR (default: home)' };
    }
    case 'fish': {
      const file = join(roots.configHome, 'fish', 'conf.d', 'ionq.fish');
      return { candidates: [file], fallback: file, owned: true, why: 'fish reads every file in conf.d; this one belongs to ionq-env-setup' };
    }
    case 'sh':
    case 'ksh':
      return { candidates: [home('.profile')], fallback: home('.profile'), owned: false, why: `login ${shell} shells read ~/.profile` };
    case 'tcsh': {
      const files = [home('.tcshrc'), home('.cshrc')];
      return { candidates: files, fallback: files[0]!, owned: false, why: 'tcsh reads ~/.tcshrc, or ~/.cshrc when there is no ~/.tcshrc' };
    }
    case 'pwsh': {
      const file = join(roots.configHome, 'powershell', 'Microsoft.PowerShell_profile.ps1');
      return { candidates: [file], fallback: file, owned: false, why: 'PowerShell on Linux and macOS reads this profile at start' };
    }
  }
}

/** The file to write: the first candidate that exists, else the fallback (never one that hides another). */
export function chooseRcFile(location: RcLocation, exists: (file: string) => boolean): { path: string; exists: boolean } {
  const found = location.candidates.find(exists);
  return found ? { path: found, exists: true } : { path: location.fallback, exists: false };
}

/** Files a shell reads after this one at start, in which a later assignment would win (for warnings). */
export function filesReadLater(shell: ShellName, roots: ShellRoots): string[] {
  if (shell === 'zsh') return [join(roots.zdotdir, '.zlogin')];
  return [];
}
