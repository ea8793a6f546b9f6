// Which store each shell gets (--store inline|separate), and the git guard: a key is not written inline
// into an rc file that lies in a git work tree (a dotfiles repository is one `git push` from public).
import type { FileSystem } from '../platform/system';
import type { FileState } from '../rcfile/file-state';
import type { Warning } from '../core/plan';
import { scanBlock } from '../rcfile/block';
import { storeOfBlock, type Store } from '../targets/shell/block-body';
import { findWorkTree, resolveExisting } from '../git/work-tree';

/** The git work tree holding the file, after resolving symlinks (also of a file not created yet). */
export async function repoOf(fs: FileSystem, file: FileState): Promise<string | undefined> {
  const real = file.exists ? file.realPath : await resolveExisting(fs, file.path);
  return findWorkTree(fs, real);
}

/** The store the file's block uses today, or undefined when it has no block. */
export function currentStore(content: string | null): Store | undefined {
  const scan = scanBlock(content ?? '');
  if (scan.kind !== 'one') return undefined;
  return storeOfBlock(scan.block.body);
}

export interface StoreInput {
  /** --store, or the wizard's answer. */
  explicit: Store | undefined;
  /** The git work tree the rc file lies in. */
  repo: string | undefined;
  /** What the file's block does today: a shell keeps its store until told otherwise. */
  existing: Store | undefined;
  label: string;
  repoLabel: string | undefined;
  keyFileLabel: string;
}

/** Decides one shell's store (pure): explicit choice, then the git guard, then the block's own store, then inline. */
export function decideStore(input: StoreInput): { store: Store; warning?: Warning } {
  const { explicit, repo, label, repoLabel, keyFileLabel } = input;
  if (explicit === 'inline' && repo !== undefined) {
    return {
      store: 'inline',
      warning: {
        code: 'INLINE_IN_GIT',
        message: `${label} is in the git repository ${repoLabel}: the key is written there as you asked, and a commit and push would publish it (--store separate keeps it out).`,
      },
    };
  }
  if (explicit !== undefined) return { store: explicit };
  if (repo !== undefined) {
    // Already loading the key from elsewhere: nothing to explain again on every rotation.
    if (input.existing === 'separate' || input.existing === 'keychain') return { store: input.existing };
    return {
      store: 'separate',
      warning: {
        code: 'STORE_SEPARATE_GIT',
        message: `${label} is in the git repository ${repoLabel}, so the key goes to ${keyFileLabel} and ${label} only loads it (--store inline writes it there anyway).`,
      },
    };
  }
  return { store: input.existing ?? 'inline' };
}
