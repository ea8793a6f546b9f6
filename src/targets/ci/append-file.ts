// Appending to a CI runner's file ($GITHUB_ENV, $BASH_ENV): O_APPEND, one write, fsync. Other writers of
// the same file (earlier steps, a parallel process of this step) append too, so the file is never replaced.
import { constants } from 'node:fs';
import type { System } from '../../platform/system';
import type { AppendChange } from '../../core/plan';
import { CliError, errnoCode, failure, usageError } from '../../platform/errors';
import { writeError } from '../../rcfile/atomic-write';

export interface AppendResult {
  created: boolean;
  undo: () => Promise<void>;
}

/** Appends `change.text`, first ending an unterminated last line so the runner sees our lines whole. */
export async function applyAppend(sys: System, change: AppendChange, label: string): Promise<AppendResult> {
  const fs = sys.fs;
  const flags = constants.O_WRONLY | constants.O_APPEND | (change.createMode === undefined ? 0 : constants.O_CREAT);
  const existed = await fs.stat(change.path).then(
    () => true,
    () => false,
  );
  let fd: number;
  try {
    fd = await fs.open(change.path, flags, change.createMode ?? 0o600);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' && change.createMode === undefined) {
      throw usageError('CI_FILE_MISSING', `${label} does not exist; it is the runner's file and should have been created before this step.`);
    }
    throw writeError(error, label);
  }
  let sizeBefore = 0;
  let writing = false;
  try {
    const st = await fs.fstat(fd);
    if (!st.isFile()) throw failure('WRITE_FAILED', `Cannot append to ${label}: it is not a regular file.`);
    sizeBefore = st.size;
    let text = change.text;
    if (sizeBefore > 0) {
      const last = Buffer.alloc(1);
      // A descriptor opened write-only cannot be read: read the last byte through a second, read-only one.
      const reader = await fs.open(change.path, 'r');
      try {
        await fs.read(reader, last, 0, 1, sizeBefore - 1);
      } finally {
        await fs.close(reader);
      }
      if (last[0] !== 0x0a) text = '\n' + text;
    }
    const bytes = Buffer.from(text, 'utf8');
    // One write(2): with O_APPEND the kernel places it at the end in one piece, even with other appenders.
    writing = true;
    const { bytesWritten } = await fs.write(fd, bytes, 0, bytes.length);
    if (bytesWritten !== bytes.length) throw failure('WRITE_FAILED', `Cannot append to ${label}: the write was cut short (disk full?).`);
    await fs.fsync(fd);
  } catch (error) {
    // A short or failed write must not leave half a line for the runner to choke on.
    if (writing) await fs.ftruncate(fd, sizeBefore).catch(() => undefined);
    await fs.close(fd).catch(() => undefined);
    throw error instanceof CliError ? error : writeError(error, label);
  }
  await fs.close(fd);
  const undo = async (): Promise<void> => {
    if (!existed) {
      await fs.unlink(change.path).catch(() => undefined);
      return;
    }
    const back = await fs.open(change.path, 'r+');
    try {
      await fs.ftruncate(back, sizeBefore);
      await fs.fsync(back);
    } finally {
      await fs.close(back);
    }
  };
  return { created: !existed, undo };
}
