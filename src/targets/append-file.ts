// Appending to a CI runner's file ($GITHUB_ENV, $BASH_ENV): O_APPEND, one write, fsync. Other writers of
// the same file (earlier steps, a parallel process of this step) append too, so the file is never replaced.
import { constants } from 'node:fs';
import type { System } from '../system';
import type { AppendChange } from '../plan';
import { CliError, errnoCode, failure, usageError } from '../errors';
import { writeError } from '../rcfile/atomic-write';

export interface AppendResult {
  created: boolean;
  undo: () => Promise<void>;
}

/** Appends `change.text`, first ending an unterminated last line so the runner sees our lines whole. */
export async function applyAppend(sys: System, change: AppendChange, label: string): Promise<AppendResult> {
  const flags = constants.O_WRONLY | constants.O_APPEND | (change.createMode === undefined ? 0 : constants.O_CREAT);
  let handle: Awaited<ReturnType<System['fs']['open']>>;
  let existed = true;
  try {
    await sys.fs.stat(change.path);
  } catch {
    existed = false;
  }
  try {
    handle = await sys.fs.open(change.path, flags, change.createMode ?? 0o600);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' && change.createMode === undefined) {
      throw usageError('CI_FILE_MISSING', `${label} does not exist; it is the runner's file and should have been created before this step.`);
    }
    throw writeError(error, label);
  }
  let sizeBefore = 0;
  let writing = false;
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw failure('WRITE_FAILED', `Cannot append to ${label}: it is not a regular file.`);
    sizeBefore = st.size;
    let text = change.text;
    if (sizeBefore > 0) {
      const last = Buffer.alloc(1);
      // A handle opened write-only cannot be read: read the last byte through a second, read-only handle.
      const reader = await sys.fs.open(change.path, 'r');
      try {
        await reader.read(last, 0, 1, sizeBefore - 1);
      } finally {
        await reader.close();
      }
      if (last[0] !== 0x0a) text = '\n' + text;
    }
    const bytes = Buffer.from(text, 'utf8');
    // One write(2): with O_APPEND the kernel places it at the end in one piece, even with other appenders.
    writing = true;
    const { bytesWritten } = await handle.write(bytes, 0, bytes.length);
    if (bytesWritten !== bytes.length) throw failure('WRITE_FAILED', `Cannot append to ${label}: the write was cut short (disk full?).`);
    await handle.sync();
  } catch (error) {
    // A short or failed write must not leave half a line for the runner to choke on.
    if (writing) await handle.truncate(sizeBefore).catch(() => undefined);
    await handle.close().catch(() => undefined);
    throw error instanceof CliError ? error : writeError(error, label);
  }
  await handle.close();
  const undo = async (): Promise<void> => {
    if (!existed) {
      await sys.fs.unlink(change.path).catch(() => undefined);
      return;
    }
    const h = await sys.fs.open(change.path, 'r+');
    try {
      await h.truncate(sizeBefore);
      await h.sync();
    } finally {
      await h.close();
    }
  };
  return { created: !existed, undo };
}
