/** The three families whose rules differ; WSL and the BSDs follow the Linux rules. */
export type OsKind = 'linux' | 'darwin' | 'windows';

export function osKind(platform: NodeJS.Platform): OsKind {
  if (platform === 'win32') return 'windows';
  if (platform === 'darwin') return 'darwin';
  return 'linux';
}

export function osLabel(kind: OsKind, isWSL: boolean): string {
  if (kind === 'windows') return 'Windows';
  if (kind === 'darwin') return 'macOS';
  return isWSL ? 'Linux (WSL)' : 'Linux';
}
