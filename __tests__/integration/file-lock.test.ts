// The lock that serialises runs editing one file (src/rcfile/lock.ts), in-process against real files in a
// temp folder: waiting for a live run, taking over what a killed run left, never deleting another run's lock,
// and the errors when no lock can be had. A fake clock stands in for the 15 s of waiting and the 30 s age.
import { jest } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fse from 'fs-extra';
import { removeStaleLock, withFileLock, type LockMachine } from '../../src/rcfile/lock';
import { failureOf } from '../helpers/cli-error';
import { faultyFs, type FaultyFs } from '../helpers/faulty-fs';

/** A pid no process has (above any Linux pid_max). */
const GONE_PID = 2147483646;

let dir: string;
let file: string;
let lock: string;
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'ionq-lock-')));
  file = join(dir, '.bashrc');
  lock = `${file}.ionq-env-setup.lock`;
  writeFileSync(file, 'export PATH=$PATH:~/bin\n');
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a lock file as another run would, with its modification time set to `mtimeSeconds` (whole seconds). */
function foreignLock(content: string, mtimeSeconds = Math.floor(Date.now() / 1000)): number {
  writeFileSync(lock, content);
  utimesSync(lock, mtimeSeconds, mtimeSeconds);
  return mtimeSeconds * 1000;
}

/**
 * A clock that only moves when the lock sleeps, by the time slept; records each wait. `at` can put it at
 * exact instants instead (after the nth wait); where it returns undefined, the clock moves on as usual.
 */
function fakeClock(start: number, at?: (slept: number, now: number) => number | undefined): Partial<LockMachine> & { waits: number[]; time(): number } {
  let now = start;
  const waits: number[] = [];
  return {
    waits,
    time: () => now,
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now = at?.(waits.length, now + ms) ?? now + ms;
    },
  };
}

const lockFiles = () => readdirSync(dir).filter((n) => n.endsWith('.lock'));

describe('taking and releasing the lock', () => {
  it('holds a private lock file beside the file, naming this process, while the work runs; removes it after', async () => {
    let seen: { content: string; mode: number } | undefined;
    const result = await withFileLock(fse, file, '~/.bashrc', async () => {
      seen = { content: readFileSync(lock, 'utf8'), mode: statSync(lock).mode & 0o777 };
      return 42;
    });
    expect(result).toBe(42);
    expect(seen!.content).toMatch(new RegExp(`^${process.pid} \\S+\\n$`));
    expect(seen!.mode).toBe(0o600);
    expect(lockFiles()).toEqual([]);
  });

  it('writes the pid it is given (the one other runs check) into the lock', async () => {
    const content = await withFileLock(fse, file, 'f', async () => readFileSync(lock, 'utf8'), { pid: 4242 });
    expect(content).toMatch(/^4242 \S+\n$/);
  });

  it('each run writes its own token, so two runs of one process never take each other for the owner', async () => {
    const first = await withFileLock(fse, file, 'f', async () => readFileSync(lock, 'utf8'));
    const second = await withFileLock(fse, file, 'f', async () => readFileSync(lock, 'utf8'));
    expect(first).not.toBe(second);
  });

  it('releases the lock when the work fails, and passes the failure on', async () => {
    const boom = new Error('work failed');
    await expect(withFileLock(fse, file, 'f', async () => Promise.reject(boom))).rejects.toBe(boom);
    expect(lockFiles()).toEqual([]);
  });

  it('never deletes a lock that is no longer its own (another run took it over meanwhile)', async () => {
    await withFileLock(fse, file, 'f', async () => {
      writeFileSync(lock, `${GONE_PID} the-other-run\n`);
    });
    expect(readFileSync(lock, 'utf8')).toBe(`${GONE_PID} the-other-run\n`);
  });

  it('a lock that vanished during the work is no error', async () => {
    await expect(withFileLock(fse, file, 'f', async () => unlinkSync(lock))).resolves.toBeUndefined();
  });

  it('a second run waits until the first has finished, then runs', async () => {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = withFileLock(fse, file, 'f', async () => {
      order.push('first start');
      await gate;
      order.push('first end');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = withFileLock(fse, file, 'f', async () => void order.push('second'));
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(order).toEqual(['first start']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first start', 'first end', 'second']);
    expect(lockFiles()).toEqual([]);
  });
});

describe('a lock another run holds', () => {
  it('left by a process that is gone: taken over at once, without waiting', async () => {
    foreignLock(`${GONE_PID} killed-run\n`);
    const clock = fakeClock(Date.now());
    let during = '';
    await withFileLock(fse, file, 'f', async () => void (during = readFileSync(lock, 'utf8')), clock);
    expect(clock.waits).toEqual([]);
    expect(during).toMatch(new RegExp(`^${process.pid} `));
    expect(lockFiles()).toEqual([]);
  });

  it('of a live process: waited for with growing pauses, then, 15 s on, LOCKED (exit 1), the lock left alone', async () => {
    const mtime = foreignLock(`${process.pid} live-run\n`);
    const clock = fakeClock(mtime);
    const work = jest.fn(async () => 'ran');
    const error = await failureOf(withFileLock(fse, file, '~/.bashrc', work, clock));
    expect(error.code).toBe('LOCKED');
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe('Another ionq-env-setup run is editing ~/.bashrc.');
    expect(error.hint).toBe(`If none is running, delete ${lock} and try again.`);
    expect(work).not.toHaveBeenCalled();
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid} live-run\n`);
    // It waited the whole 15 s (and not much more), in pauses of 10 ms growing by 10 ms up to 200 ms, each
    // with up to 20 ms of jitter so that waiting runs do not retry in step.
    expect(clock.time() - mtime).toBeGreaterThan(15_000);
    expect(clock.time() - mtime).toBeLessThan(15_000 + 220);
    clock.waits.forEach((ms, attempt) => {
      const base = Math.min(200, 10 + attempt * 10);
      expect(ms).toBeGreaterThanOrEqual(base);
      expect(ms).toBeLessThan(base + 20);
    });
    expect(new Set(clock.waits.map((ms) => Math.floor(ms))).size).toBeGreaterThan(20);
  });

  it('really pauses between attempts (no busy loop), by its own clock', async () => {
    foreignLock(`${process.pid} live-run\n`);
    // A clock that says the 15 s are over after a few looks at it; the pauses themselves are real.
    let looks = 0;
    const started = Date.now();
    await failureOf(withFileLock(fse, file, 'f', async () => undefined, { now: () => Date.now() + (++looks > 6 ? 60_000 : 0) }));
    // Pauses of at least 10 and 20 ms were slept before the clock ran out.
    expect(Date.now() - started).toBeGreaterThanOrEqual(28);
  });

  it('at exactly 15 s of waiting it tries once more before giving up', async () => {
    const mtime = foreignLock(`${process.pid} live-run\n`);
    // The first pause ends exactly at the deadline, the second just after it.
    const clock = fakeClock(mtime, (n) => (n === 1 ? mtime + 15_000 : n === 2 ? mtime + 15_001 : undefined));
    await failureOf(withFileLock(fse, file, 'f', async () => undefined, clock));
    expect(clock.waits).toHaveLength(2);
  });

  it('of a live process but 30 s old (its run hung): taken over once older than 30 s, not before', async () => {
    const mtime = foreignLock(`${process.pid} hung-run\n`);
    // Attempts at 29 s, at exactly 30 s (still waited for), then at 30.001 s.
    const clock = fakeClock(mtime + 29_000, (n) => (n === 1 ? mtime + 30_000 : n === 2 ? mtime + 30_001 : undefined));
    await withFileLock(fse, file, 'f', async () => undefined, clock);
    expect(clock.waits).toHaveLength(2);
    expect(lockFiles()).toEqual([]);
  });

  it('empty (its run died between creating and writing it): waited for while under 1 s old, then taken over', async () => {
    const mtime = foreignLock('');
    const clock = fakeClock(mtime + 200, (n) => (n === 1 ? mtime + 1000 : n === 2 ? mtime + 1001 : undefined));
    await withFileLock(fse, file, 'f', async () => undefined, clock);
    expect(clock.waits).toHaveLength(2);
  });

  it.each([
    ['not a pid', 'garbage\n'],
    ['pid 0', '0 zero\n'],
    ['a negative pid', '-7 negative\n'],
  ])('holding %s: not taken for a dead owner, only once 30 s old', async (_name, content) => {
    const mtime = foreignLock(content);
    // Waits at first, then (once 10 s have passed) jumps to just over 30 s.
    let jumped = false;
    const clock = fakeClock(mtime, (_n, next) => (!jumped && next - mtime > 10_000 ? ((jumped = true), mtime + 30_001) : undefined));
    const alive = jest.fn(() => false);
    await withFileLock(fse, file, 'f', async () => undefined, { ...clock, isAlive: alive });
    expect(clock.waits.length).toBeGreaterThan(1);
    expect(clock.time()).toBe(mtime + 30_001);
    expect(alive).not.toHaveBeenCalled();
  });

  it('of a process of another user (kill answers EPERM): that process is alive, its lock is waited for', async () => {
    const mtime = foreignLock('1 root-run\n');
    const kill = jest.spyOn(process, 'kill').mockImplementation(() => {
      throw Object.assign(new Error('kill EPERM'), { code: 'EPERM' });
    });
    const clock = fakeClock(mtime);
    const error = await failureOf(withFileLock(fse, file, 'f', async () => undefined, clock));
    expect(error.code).toBe('LOCKED');
    expect(kill).toHaveBeenCalledWith(1, 0);
  });

  it('of a process that is gone (kill answers ESRCH): taken over', async () => {
    foreignLock('77777 gone-run\n');
    jest.spyOn(process, 'kill').mockImplementation(() => {
      throw Object.assign(new Error('kill ESRCH'), { code: 'ESRCH' });
    });
    const clock = fakeClock(Date.now());
    await withFileLock(fse, file, 'f', async () => undefined, clock);
    expect(clock.waits).toEqual([]);
  });

  it('that vanishes between the failed create and the look at it: tried again at once', async () => {
    const fs = faultyFs([{ op: 'open', code: 'EEXIST', path: /\.lock$/, times: 1 }]);
    const clock = fakeClock(Date.now());
    expect(await withFileLock(fs, file, 'f', async () => 'ran', clock)).toBe('ran');
    expect(clock.waits).toEqual([]);
  });

  it('that cannot be read (EACCES): never taken over, waited for until LOCKED', async () => {
    foreignLock(`${GONE_PID} unreadable\n`, Math.floor(Date.now() / 1000) - 3600);
    const fs = faultyFs([{ op: 'readFile', code: 'EACCES', path: /\.lock$/ }]);
    const error = await failureOf(withFileLock(fs, file, 'f', async () => undefined, fakeClock(Date.now())));
    expect(error.code).toBe('LOCKED');
    expect(lockFiles()).toEqual(['.bashrc.ionq-env-setup.lock']);
  });
});

describe('where no lock can be made', () => {
  it.each(['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOSPC'])('%s: the work runs without a lock (the write reports the problem)', async (code) => {
    const fs = faultyFs([{ op: 'open', code, path: /\.lock$/ }]);
    expect(await withFileLock(fs, file, 'f', async () => 'ran')).toBe('ran');
    expect(lockFiles()).toEqual([]);
  });

  it('another error: LOCK_FAILED (exit 1) naming the file and the code; the work does not run', async () => {
    const fs = faultyFs([{ op: 'open', code: 'EIO', path: /\.lock$/ }]);
    const work = jest.fn(async () => undefined);
    const error = await failureOf(withFileLock(fs, file, '~/.bashrc', work));
    expect([error.code, error.exitCode, error.message]).toEqual(['LOCK_FAILED', 1, 'Cannot lock ~/.bashrc (EIO).']);
    expect(work).not.toHaveBeenCalled();
  });

  it('an error without a code: LOCK_FAILED saying "error"', async () => {
    const fs: FaultyFs = faultyFs();
    fs.open = async () => Promise.reject(new Error('strange'));
    const error = await failureOf(withFileLock(fs, file, '~/.bashrc', async () => undefined));
    expect(error.message).toBe('Cannot lock ~/.bashrc (error).');
  });

  it('a lock file created on a full disk whose pid cannot be written: removed again, and the work runs', async () => {
    const fs = faultyFs([{ op: 'writeFile', code: 'ENOSPC', path: /\.lock$/ }]);
    const seen: string[][] = [];
    expect(await withFileLock(fs, file, 'f', async () => void seen.push(lockFiles()))).toBeUndefined();
    expect(seen).toEqual([[]]);
    expect(lockFiles()).toEqual([]);
    expect(fs.openFiles()).toEqual([]);
  });
});

describe('removeStaleLock (tidying before a run with nothing to write)', () => {
  it('no lock: nothing to do, true', async () => {
    expect(await removeStaleLock(fse, file)).toBe(true);
  });

  it('a lock whose process is gone: removed, true', async () => {
    foreignLock(`${GONE_PID} killed-run\n`);
    expect(await removeStaleLock(fse, file)).toBe(true);
    expect(lockFiles()).toEqual([]);
  });

  it('a live run\'s lock: kept, false', async () => {
    foreignLock(`${process.pid} live-run\n`);
    expect(await removeStaleLock(fse, file)).toBe(false);
    expect(lockFiles()).toEqual(['.bashrc.ionq-env-setup.lock']);
  });

  it('a live run\'s lock older than 30 s (by the clock it is given): removed, true', async () => {
    const mtime = foreignLock(`${process.pid} hung-run\n`);
    expect(await removeStaleLock(fse, file, { now: () => mtime + 30_001 })).toBe(true);
    expect(lockFiles()).toEqual([]);
  });

  it('a real lock file 31 s old by the real clock: removed', async () => {
    foreignLock(`${process.pid} hung-run\n`, Math.floor(Date.now() / 1000) - 31);
    expect(await removeStaleLock(fse, file)).toBe(true);
  });
});
