// Every file a supported shell may read when a new terminal starts, in the order it reads them. `status`
// looks for the key in all of them (not only the one `set` writes), and `remove` for the tool's block.
import { join } from 'node:path';
import type { ShellName } from './shell';
import type { OsKind } from './os';
import type { ShellRoots } from './paths';
import type { Dialect } from '../rcfile/dialect';

export interface StartupFile {
  path: string;
  dialect: Dialect;
}

/** The folder fish reads every `*.fish` file of before config.fish. */
export const fishConfD = (roots: ShellRoots): string => join(roots.configHome, 'fish', 'conf.d');

/**
 * The files a new terminal of `shell` reads, in reading order (later assignments win). Where the shell
 * reads only the first existing file of a list (bash as a login shell, tcsh), `exists` picks it.
 * `fishConfDNames` are the names in fish's conf.d (read in name order, before config.fish).
 */
export function startupFiles(
  shell: ShellName,
  os: OsKind,
  roots: ShellRoots,
  exists: (file: string) => boolean,
  fishConfDNames: readonly string[] = [],
): StartupFile[] {
  const home = (name: string): string => join(roots.home, name);
  const posix = (file: string): StartupFile => ({ path: file, dialect: 'posix' });
  const firstExisting = (files: string[]): string[] => {
    const found = files.find(exists);
    return found ? [found] : [];
  };
  switch (shell) {
    case 'bash':
      // macOS terminals start login shells; Linux terminals interactive ones, which read only ~/.bashrc.
      if (os === 'darwin') return firstExisting(['.bash_profile', '.bash_login', '.profile'].map(home)).map(posix);
      return [posix(home('.bashrc'))];
    case 'zsh':
      return ['.zshenv', '.zprofile', '.zshrc', '.zlogin'].map((n) => posix(join(roots.zdotdir, n)));
    case 'sh':
      return [posix(home('.profile'))];
    case 'ksh':
      return [posix(home('.profile')), posix(home('.kshrc'))];
    case 'fish': {
      const confD = fishConfD(roots);
      const names = [...fishConfDNames].filter((n) => n.endsWith('.fish')).sort();
      return [...names.map((n) => join(confD, n)), join(roots.configHome, 'fish', 'config.fish')].map((p) => ({ path: p, dialect: 'fish' }));
    }
    case 'tcsh':
      return [...firstExisting([home('.tcshrc'), home('.cshrc')]), home('.login')].map((p) => ({ path: p, dialect: 'tcsh' }));
    case 'pwsh': {
      const dir = os === 'windows' ? join(roots.home, 'Documents', 'PowerShell') : join(roots.configHome, 'powershell');
      return ['profile.ps1', 'Microsoft.PowerShell_profile.ps1'].map((n) => ({ path: join(dir, n), dialect: 'pwsh' }));
    }
  }
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
