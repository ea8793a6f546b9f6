import { constants } from 'node:fs';
import { errnoCode } from '../platform/errors';
import type { FileSystem } from '../platform/system';

/** What the tool knows about a file before it plans: read once, up front. */
export interface FileState {
  /** The path as the tool names it to the user. */
  path: string;
  /** Where reads and writes really go (the symlink's target, resolved). */
  realPath: string;
  isSymlink: boolean;
  exists: boolean;
  /** The bytes as a binary string (see block.ts), or null when the file does not exist. */
  content: string | null;
  mode: number | undefined;
  uid: number | undefined;
  gid: number | undefined;
  /** Whether this user may write the file itself (its mode and permissions; false when it does not exist). */
  writable: boolean;
  /** Why the file cannot be used at all (a directory, a dangling link, unreadable). */
  problem?: string;
}

/** Reads a file's state; never throws for the usual problems, which land in `problem`. */
export async function readFileState(fs: FileSystem, file: string): Promise<FileState> {
  const base: FileState = {
    path: file,
    realPath: file,
    isSymlink: false,
    exists: false,
    content: null,
    mode: undefined,
    uid: undefined,
    gid: undefined,
    writable: false,
  };
  let isSymlink: boolean;
  try {
    isSymlink = (await fs.lstat(file)).isSymbolicLink();
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return base;
    if (errnoCode(error) === 'ENOTDIR') return { ...base, problem: `a parent of ${file} is not a directory` };
    return { ...base, problem: `cannot inspect ${file} (${errnoCode(error) ?? 'error'})` };
  }
  let realPath = file;
  if (isSymlink) {
    try {
      realPath = await fs.realpath(file);
    } catch (error) {
      const code = errnoCode(error);
      const why = code === 'ENOENT' ? 'it points to a file that does not exist' : code === 'ELOOP' ? 'it is a loop of links' : `(${code ?? 'error'})`;
      return { ...base, isSymlink, problem: `${file} is a symbolic link that cannot be followed: ${why}` };
    }
  }
  try {
    const st = await fs.stat(realPath);
    if (st.isDirectory()) return { ...base, isSymlink, realPath, problem: `${file} is a directory, not a file` };
    if (!st.isFile()) return { ...base, isSymlink, realPath, problem: `${file} is not a regular file` };
    const content = (await fs.readFile(realPath)).toString('latin1');
    const writable = (st.mode & 0o200) !== 0 && (await fs.access(realPath, constants.W_OK).then(() => true, () => false));
    return { ...base, realPath, isSymlink, exists: true, content, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, writable };
  } catch (error) {
    const code = errnoCode(error);
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? 'error';
    return { ...base, isSymlink, realPath, problem: `cannot read ${file} (${why})` };
  }
}

