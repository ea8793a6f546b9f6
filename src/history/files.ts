// Where each shell keeps its history (pure: from home, env and platform to candidate paths).
import { isAbsolute, join } from 'node:path';
import type { HistoryFormat } from './formats';

export interface HistoryFile {
  path: string;
  format: HistoryFormat;
}

/** The usual history files; $HISTFILE first (its format guessed from the login shell's name). */
export function historyFiles(
  home: string,
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
  loginShell: string | undefined,
): HistoryFile[] {
  const dataHome = env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : join(home, '.local', 'share');
  const zdotdir = env.ZDOTDIR && isAbsolute(env.ZDOTDIR) ? env.ZDOTDIR : home;
  const files: HistoryFile[] = [];
  const histfile = env.HISTFILE;
  if (histfile && isAbsolute(histfile)) {
    const format: HistoryFormat = loginShell === 'zsh' ? 'zsh' : loginShell === 'tcsh' ? 'tcsh' : 'bash';
    files.push({ path: histfile, format });
  }
  files.push(
    { path: join(home, '.bash_history'), format: 'bash' },
    { path: join(zdotdir, '.zsh_history'), format: 'zsh' },
    { path: join(zdotdir, '.zhistory'), format: 'zsh' },
    { path: join(home, '.sh_history'), format: 'bash' },
    { path: join(dataHome, 'fish', 'fish_history'), format: 'fish' },
    { path: join(home, '.history'), format: 'tcsh' },
    { path: join(dataHome, 'powershell', 'PSReadLine', 'ConsoleHost_history.txt'), format: 'pwsh' },
  );
  if (platform === 'win32' && env.APPDATA) {
    files.push({ path: join(env.APPDATA, 'Microsoft', 'Windows', 'PowerShell', 'PSReadLine', 'ConsoleHost_history.txt'), format: 'pwsh' });
  }
  const seen = new Set<string>();
  return files.filter((f) => (seen.has(f.path) ? false : (seen.add(f.path), true)));
}
