// Running the CLI as an ordinary user: as root, permission checks never fail, so the tests that prove
// "no write permission" handling drop to `nobody` with setpriv (util-linux) when they run as root.
import { spawnSync } from 'node:child_process';

export const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** `nobody`'s uid/gid if this process can switch to it (root with setpriv), else undefined. */
export function nobody(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  if (spawnSync('sh', ['-c', 'command -v setpriv'], { stdio: 'ignore' }).status !== 0) return undefined;
  const id = spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'nobody'], { encoding: 'utf8' });
  if (id.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** The argv prefix that runs a program as `nobody`. */
export const asNobody = (): string[] => ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--'];
