// Is a file inside a git work tree (a dotfiles repository)? A key written there is one `git push` away
// from being public. Finding the repository needs no git program: a `.git` folder or file above the file.
import { basename, dirname, join, relative } from 'node:path';
import type { FileSystem, Runner } from '../platform/system';

/** The work tree root holding `realPath`, or undefined. `realPath` must have its symlinks resolved. */
export async function findWorkTree(fs: FileSystem, realPath: string): Promise<string | undefined> {
  let dir = dirname(realPath);
  for (;;) {
    // Unreadable counts as absent.
    const found = await fs.lstat(join(dir, '.git')).then(
      () => true,
      () => false,
    );
    if (found) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * `file` with its symlinks resolved, also when it does not exist yet: the nearest existing folder above
 * it is resolved (fish's ~/.config/fish is often a link into a dotfiles repository).
 */
export async function resolveExisting(fs: FileSystem, file: string): Promise<string> {
  let rest = '';
  let at = file;
  for (;;) {
    try {
      const real = await fs.realpath(at);
      return rest ? join(real, rest) : real;
    } catch {
      const parent = dirname(at);
      if (parent === at) return file;
      rest = rest ? join(basename(at), rest) : basename(at);
      at = parent;
    }
  }
}

/** Whether git tracks the file (undefined when git cannot be run). */
export async function isTracked(run: Runner, root: string, realPath: string): Promise<boolean | undefined> {
  const result = await run('git', ['-C', root, 'ls-files', '--error-unmatch', '--', relative(root, realPath)], { timeoutMs: 10_000 });
  if (result.spawnError) return undefined;
  return result.exitCode === 0;
}

/**
 * Whether any commit of the file holds one of `forms` (the key, and the key as each dialect quotes it:
 * a key with `'` is written escaped). The history is read and searched here, so the key never goes on
 * git's command line (as `git log -S<key>` would put it).
 */
export async function committedWithKey(run: Runner, root: string, realPath: string, forms: readonly string[]): Promise<boolean | undefined> {
  const result = await run('git', ['-C', root, 'log', '--all', '--format=commit %H', '-p', '--text', '--no-ext-diff', '--no-textconv', '--no-color', '--', relative(root, realPath)], { timeoutMs: 30_000 });
  if (result.spawnError || result.exitCode !== 0) return undefined;
  return result.stdout.split('\n').some((line) => (line.startsWith('+') || line.startsWith('-')) && forms.some((f) => line.includes(f)));
}
