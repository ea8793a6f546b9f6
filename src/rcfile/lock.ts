// Serialises runs that edit the same file: an O_EXCL lock file beside it, holding the owner's pid.
// A lock whose owner is gone (killed, crashed) or that is older than STALE_MS is taken over.
import { uniqueSuffix } from './unique';
import { errnoCode, failure } from '../platform/errors';
import type { FileSystem } from '../platform/system';

const STALE_MS = 30_000;
const WAIT_MS = 15_000;

const lockPathFor = (realPath: string): string => `${realPath}.ionq-env-setup.lock`;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists, but belongs to another user.
    return errnoCode(error) === 'EPERM';
  }
}

/** What the lock needs from the machine besides files. Tests replace parts of it (a clock, a pid check). */
export interface LockMachine {
  /** Milliseconds since the epoch, as Date.now(). */
  now(): number;
  /** Waits between two attempts. */
  sleep(ms: number): Promise<void>;
  /** Whether a process with this pid exists (a lock holding it may still be in use). */
  isAlive(pid: number): boolean;
  /** This process's pid, written into the lock. */
  pid: number;
}

const realMachine = (): LockMachine => ({
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  isAlive: processAlive,
  pid: process.pid,
});

/** Takes the lock for `realPath`, runs `work`, and always releases it. */
export async function withFileLock<T>(
  fs: FileSystem,
  realPath: string,
  label: string,
  work: () => Promise<T>,
  machine: Partial<LockMachine> = {},
): Promise<T> {
  const m: LockMachine = { ...realMachine(), ...machine };
  const lockPath = lockPathFor(realPath);
  const token = `${m.pid} ${uniqueSuffix()}\n`;
  const deadline = m.now() + WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    let created = false;
    try {
      const fd = await fs.open(lockPath, 'wx', 0o600);
      created = true;
      try {
        await fs.writeFile(fd, token);
      } finally {
        await fs.close(fd);
      }
      break;
    } catch (error) {
      // A lock file this run created but could not write (a full disk) is no lock: take it away again.
      if (created) await fs.unlink(lockPath).catch(() => undefined);
      const code = errnoCode(error);
      if (code !== 'EEXIST') {
        // No lock can be taken where nothing can be created; the write itself will report why.
        if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOENT' || code === 'ENOSPC') return work();
        throw failure('LOCK_FAILED', `Cannot lock ${label} (${code ?? 'error'}).`);
      }
      if (await takeOverIfStale(fs, lockPath, m)) continue;
      if (m.now() > deadline) {
        throw failure('LOCKED', `Another ionq-env-setup run is editing ${label}.`, `If none is running, delete ${lockPath} and try again.`);
      }
      await m.sleep(Math.min(200, 10 + attempt * 10) + Math.random() * 20);
    }
  }
  try {
    return await work();
  } finally {
    // Only delete the lock if it is still ours (a stale-lock takeover may have replaced it).
    try {
      if ((await fs.readFile(lockPath)).toString('utf8') === token) await fs.unlink(lockPath);
    } catch {
      // already gone
    }
  }
}

/**
 * Removes the lock a killed run left behind (its owner is gone or it is old); true when no live lock
 * remains, so that the killed run's temp files may be cleaned too.
 */
export async function removeStaleLock(fs: FileSystem, realPath: string, machine: Partial<LockMachine> = {}): Promise<boolean> {
  try {
    await fs.stat(lockPathFor(realPath));
  } catch {
    return true;
  }
  return takeOverIfStale(fs, lockPathFor(realPath), { ...realMachine(), ...machine });
}

async function takeOverIfStale(fs: FileSystem, lockPath: string, m: LockMachine): Promise<boolean> {
  try {
    const [bytes, st] = await Promise.all([fs.readFile(lockPath), fs.stat(lockPath)]);
    const content = bytes.toString('utf8');
    const pid = Number.parseInt(content, 10);
    const ownerGone = Number.isInteger(pid) && pid > 0 && !m.isAlive(pid);
    const age = m.now() - st.mtimeMs;
    // An empty lock file is one whose owner died between creating and writing it, if it is not brand new.
    const emptyAndOld = content.length === 0 && age > 1000;
    if (ownerGone || emptyAndOld || age > STALE_MS) {
      await fs.unlink(lockPath);
      return true;
    }
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return true;
  }
  return false;
}
