// The only code that replaces a user's file. Whatever happens (a crash, a kill, a full disk), the file
// is either all old bytes or all new bytes: new bytes go to a temp file in the same directory, are
// flushed to disk, and a rename swaps them in.
import { basename, dirname, join } from 'node:path';
import { uniqueSuffix } from './unique';
import { errnoCode, failure, type CliError } from '../platform/errors';
import type { FileSystem } from '../platform/system';

const TEMP_TAG = '.ionq-env-setup-';

/** The temp-file name for a target; the pattern lets a later run find leftovers of a killed one. */
const tempNameFor = (realPath: string): string =>
  join(dirname(realPath), `.${basename(realPath)}${TEMP_TAG}${uniqueSuffix()}.tmp`);

const isTempFor = (realPath: string, name: string): boolean =>
  name.startsWith(`.${basename(realPath)}${TEMP_TAG}`) && name.endsWith('.tmp');

export interface WriteOptions {
  mode: number;
  /** Keep the file's owner when root edits another user's file. */
  owner?: { uid: number; gid: number } | undefined;
}

/** Writes `bytes` (a binary string) to `realPath` atomically. Throws a CliError that names the file. */
export async function writeFileAtomic(fs: FileSystem, realPath: string, bytes: string, options: WriteOptions, label = realPath): Promise<void> {
  const temp = tempNameFor(realPath);
  try {
    // The temp file stays 0600 until it has become the target: a temp file that a kill leaves behind
    // may hold the key, and must not be readable by others.
    const fd = await fs.open(temp, 'wx', 0o600);
    try {
      await fs.writeFile(fd, Buffer.from(bytes, 'latin1'));
      if (options.owner) await fs.fchown(fd, options.owner.uid, options.owner.gid).catch(() => undefined);
      await fs.fsync(fd);
    } finally {
      await fs.close(fd);
    }
    await fs.rename(temp, realPath);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw writeError(error, label);
  }
  // Only now the file's own mode. A kill just before this leaves the new file 0600: stricter, never looser.
  await fs.chmod(realPath, options.mode).catch(() => undefined);
  await syncDirectory(fs, dirname(realPath));
}

/** Deletes a file the tool created (remove), with the same error mapping as writes. */
export async function deleteFile(fs: FileSystem, realPath: string, label = realPath): Promise<void> {
  try {
    await fs.unlink(realPath);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw writeError(error, label);
  }
  await syncDirectory(fs, dirname(realPath));
}

// Makes the rename itself durable; not every platform or filesystem lets a directory be fsynced.
async function syncDirectory(fs: FileSystem, dir: string): Promise<void> {
  try {
    const fd = await fs.open(dir, 'r');
    try {
      await fs.fsync(fd);
    } finally {
      await fs.close(fd);
    }
  } catch {
    // best effort
  }
}

/** Removes temp files that a killed earlier run left next to `realPath` (call with the lock held). */
export async function cleanStaleTemps(fs: FileSystem, realPath: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dirname(realPath));
  } catch {
    return;
  }
  for (const name of names) {
    if (isTempFor(realPath, name)) await fs.unlink(join(dirname(realPath), name)).catch(() => undefined);
  }
}

/** A message a person can act on, for the errno codes writes really meet. */
export function writeError(error: unknown, label: string): CliError {
  const code = errnoCode(error);
  const dir = dirname(label);
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return failure('WRITE_FAILED', `Cannot write ${label}: permission denied.`, `Check that you own ${label} and the folder ${dir}, and that both are writable.`);
    case 'EROFS':
      return failure('WRITE_FAILED', `Cannot write ${label}: the file system is read-only.`);
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EFBIG':
      return failure('WRITE_FAILED', `Cannot write ${label}: the disk is full (or a size limit was reached).`, 'Free some space and run this again; the file was left as it was.');
    case 'EISDIR':
      return failure('WRITE_FAILED', `Cannot write ${label}: it is a directory.`);
    case 'ENOENT':
    case 'ENOTDIR':
      return failure('WRITE_FAILED', `Cannot write ${label}: the folder ${dir} does not exist.`);
    default:
      return failure('WRITE_FAILED', `Cannot write ${label} (${code ?? 'unexpected error'}).`);
  }
}
