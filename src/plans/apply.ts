// Carries out a Plan. The only module (with targets' own apply helpers) that changes anything on disk
// or runs a program that does. Either every change lands, or each one already made is put back.
import { dirname } from 'node:path';
import type { System } from '../platform/system';
import type { Change, FileChange, Plan } from '../core/plan';
import type { EditStatus } from '../rcfile/block';
import { cleanStaleTemps, deleteFile, writeError, writeFileAtomic } from '../rcfile/atomic-write';
import { removeStaleLock, withFileLock } from '../rcfile/lock';
import { readFileState, type FileState } from '../rcfile/file-state';
import { constants as fsConstants } from 'node:fs';
import { CliError, failure } from '../platform/errors';
import { writeKeyCarryingCommand } from '../targets/ci/channel';
import { applyRegistryChange } from '../targets/windows';
import { applyAppend } from '../targets/ci/append-file';
import { applyKeychainChange } from '../targets/keychain';

export interface AppliedChange {
  change: Change;
  status: EditStatus;
}

interface Undo {
  (): Promise<void>;
}

/** Applies every change in order; on the first failure, undoes the ones already applied and rethrows. */
export async function applyPlan(sys: System, plan: Plan, label: (file: string) => string): Promise<AppliedChange[]> {
  const done: AppliedChange[] = [];
  const undo: Undo[] = [];
  try {
    for (const change of plan.changes) {
      if (change.status === 'unchanged') {
        // Nothing to write, but a run killed earlier may have left its lock and temp files beside the file.
        if (change.kind === 'file' && change.file.exists) await cleanLeftovers(sys, change.file.realPath);
        done.push({ change, status: 'unchanged' });
        continue;
      }
      if (change.kind === 'file') {
        const result = await applyFileChange(sys, change, label(change.file.path));
        if (result.undo) undo.push(result.undo);
        done.push({ change, status: result.status });
      } else if (change.kind === 'registry') {
        const result = await applyRegistryChange(sys, change);
        if (result.undo) undo.push(result.undo);
        done.push({ change, status: change.status });
      } else if (change.kind === 'keychain') {
        const result = await applyKeychainChange(sys, change);
        undo.push(result.undo);
        done.push({ change, status: change.status });
      } else if (change.kind === 'append') {
        const result = await applyAppend(sys, change, label(change.path));
        undo.push(result.undo);
        done.push({ change, status: result.created ? 'created' : change.status });
      } else {
        // Logging commands the runner acts on as soon as it reads them; there is nothing to undo.
        for (const line of change.lines) writeKeyCarryingCommand(sys, line);
        done.push({ change, status: change.status });
      }
    }
  } catch (error) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    throw error instanceof CliError ? error : failure('APPLY_FAILED', 'A change could not be made; everything was put back as it was.');
  }
  return done;
}

async function applyFileChange(
  sys: System,
  change: FileChange,
  label: string,
): Promise<{ status: EditStatus; undo?: Undo }> {
  const realPath = change.file.realPath;
  const createdDir = await ensureParent(sys, realPath, label);
  const removeCreatedDir: Undo = async () => {
    if (createdDir) await sys.fs.remove(createdDir);
  };
  const result = await withFileLock(sys.fs, realPath, label, async () => {
    await cleanStaleTemps(sys.fs, realPath);
    // Compare-and-swap: if another run changed the file since it was read, plan again from its bytes.
    const now = await readFileState(sys.fs, change.file.path);
    if (now.problem) throw failure('FILE_UNUSABLE', `Cannot use ${label}: ${now.problem}.`);
    let after = change.after;
    let status = change.status;
    if (now.content !== change.file.content) {
      const again = change.replan?.(now.content);
      if (!again) throw failure('CHANGED_MEANWHILE', `${label} changed while this tool was running; nothing was written.`, 'Run the command again.');
      after = again.after;
      status = again.status;
      if (status === 'unchanged' || after === now.content) return { status: 'unchanged' as const };
    }
    await assertWritable(sys, now, label);
    const owner = sys.uid === 0 && now.uid !== undefined && now.gid !== undefined ? { uid: now.uid, gid: now.gid } : undefined;
    const mode = change.private ? change.mode : now.mode ?? change.mode;
    if (after === null) await deleteFile(sys.fs, realPath, label);
    else await writeFileAtomic(sys.fs, realPath, after, { mode, owner }, label);
    if (change.private && after !== null && !change.file.isSymlink) await sys.fs.chmod(dirname(realPath), 0o700).catch(() => undefined);
    const previous = now.content;
    const undo: Undo = () =>
      previous === null ? deleteFile(sys.fs, realPath, label) : writeFileAtomic(sys.fs, realPath, previous, { mode, owner }, label);
    return { status, undo };
  }).catch(async (error: unknown) => {
    await removeCreatedDir().catch(() => undefined);
    throw error;
  });
  if (!createdDir || !result.undo) return result;
  const undoFile = result.undo;
  return { status: result.status, undo: async () => {
    await undoFile();
    await removeCreatedDir();
  } };
}

async function cleanLeftovers(sys: System, realPath: string): Promise<void> {
  try {
    if (await removeStaleLock(sys.fs, realPath)) await cleanStaleTemps(sys.fs, realPath);
  } catch {
    // Leftovers are tidied when possible; they never fail a run.
  }
}

/**
 * A rename replaces a file whenever its folder is writable, even a file the user made read-only or one
 * owned by someone else. So the file's own permissions are checked first, and such a file is left alone.
 */
async function assertWritable(sys: System, file: FileState, label: string): Promise<void> {
  if (!file.exists) return;
  const readOnly = file.mode !== undefined && (file.mode & 0o200) === 0;
  let denied = false;
  try {
    await sys.fs.access(file.realPath, fsConstants.W_OK);
  } catch {
    denied = true;
  }
  if (readOnly || denied) {
    throw failure('READ_ONLY', `${label} is read-only${denied && !readOnly ? ' for you' : ''}; it was left as it was.`, `Make it writable (chmod u+w ${label}) or name another file with --profile.`);
  }
}

/**
 * Creates the folder of a new file (fish's conf.d, PowerShell's profile folder), private to the user.
 * Returns the topmost folder it created, so a rollback can take it away again.
 */
async function ensureParent(sys: System, realPath: string, label: string): Promise<string | undefined> {
  try {
    return await sys.fs.mkdir(dirname(realPath), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw writeError(error, label);
  }
}
