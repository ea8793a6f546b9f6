// What the tool learns about a file before planning (src/rcfile/file-state.ts), in-process against real
// files: links followed, and every file it must not use — a directory, a FIFO, a dangling link, a loop,
// an unreadable file — reported instead of read or replaced. Unreadable and unwritable cases, which root
// never meets, come from a fault-injecting file system.
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fse from 'fs-extra';
import { readFileState } from '../../src/rcfile/file-state';
import { callsOf, faultyFs } from '../helpers/faulty-fs';
import { runInProcess } from '../helpers/cli';
import { makeTempHome } from '../helpers/home';
import { TEST_KEY } from '../helpers/keys';

let dir: string;
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'ionq-state-')));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ABSENT = { exists: false, content: null, mode: undefined, uid: undefined, gid: undefined, writable: false };

/** fs-extra, except that reading `path` fails at once (a FIFO read would wait for a writer forever). */
const neverRead = (path: string) => faultyFs([{ op: 'readFile', code: 'EREADBLOCKS', path: (p) => p === path }]);

/** mkfifo(1), through sh like the other system programs the tests start. */
function mkfifo(path: string): boolean {
  return spawnSync('sh', ['-c', 'mkfifo "$1"', 'sh', path]).status === 0;
}

describe('readFileState', () => {
  it('a file: its bytes (as a binary string), mode, owner, and that it is writable', async () => {
    const file = join(dir, '.bashrc');
    writeFileSync(file, Buffer.from([0x41, 0xff, 0x0a]), { mode: 0o640 });
    const st = lstatSync(file);
    expect(await readFileState(fse, file)).toEqual({
      path: file,
      realPath: file,
      isSymlink: false,
      exists: true,
      content: 'A\u00ff\n',
      mode: 0o640,
      uid: st.uid,
      gid: st.gid,
      writable: true,
    });
  });

  it('keeps the special mode bits and nothing else of st_mode', async () => {
    const file = join(dir, 'f');
    writeFileSync(file, '');
    chmodSync(file, 0o2755);
    expect((await readFileState(fse, file)).mode).toBe(0o2755);
  });

  it('a file nobody may write (0444) is not writable, even for root', async () => {
    const file = join(dir, 'ro');
    writeFileSync(file, 'x', { mode: 0o444 });
    expect((await readFileState(fse, file)).writable).toBe(false);
  });

  it('a file the system refuses to let this user write (access W_OK fails) is not writable', async () => {
    const file = join(dir, 'theirs');
    writeFileSync(file, 'x', { mode: 0o644 });
    const fs = faultyFs([{ op: 'access', code: 'EACCES' }]);
    const state = await readFileState(fs, file);
    expect([state.exists, state.content, state.writable]).toEqual([true, 'x', false]);
    expect(callsOf(fs, 'access')).toEqual([file]);
  });

  it('no file: not there, no problem', async () => {
    const file = join(dir, 'missing');
    expect(await readFileState(fse, file)).toEqual({ path: file, realPath: file, isSymlink: false, ...ABSENT });
  });

  it('a parent that is a file: a problem that says so', async () => {
    writeFileSync(join(dir, 'plain'), '');
    const file = join(dir, 'plain', '.bashrc');
    expect(await readFileState(fse, file)).toEqual({ path: file, realPath: file, isSymlink: false, ...ABSENT, problem: `a parent of ${file} is not a directory` });
  });

  it('a file that cannot be inspected: a problem with the code', async () => {
    const file = join(dir, 'f');
    expect((await readFileState(faultyFs([{ op: 'lstat', code: 'EACCES' }]), file)).problem).toBe(`cannot inspect ${file} (EACCES)`);
    const odd = faultyFs();
    odd.lstat = async () => Promise.reject(new Error('no code'));
    expect((await readFileState(odd, file)).problem).toBe(`cannot inspect ${file} (error)`);
  });

  it('a symbolic link: followed to its target, which is read and named as realPath', async () => {
    mkdirSync(join(dir, 'dotfiles'));
    const target = join(dir, 'dotfiles', 'bashrc');
    writeFileSync(target, 'set -o vi\n', { mode: 0o600 });
    const link = join(dir, '.bashrc');
    symlinkSync(target, link);
    const state = await readFileState(fse, link);
    expect(state).toMatchObject({ path: link, realPath: target, isSymlink: true, exists: true, content: 'set -o vi\n', mode: 0o600, writable: true });
    expect(state.problem).toBeUndefined();
  });

  it('a file in a linked folder: only links of the file itself are followed; its path is kept as given', async () => {
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'rc'), 'x');
    symlinkSync(join(dir, 'real'), join(dir, 'linked'));
    const file = join(dir, 'linked', 'rc');
    expect(await readFileState(fse, file)).toMatchObject({ path: file, realPath: file, isSymlink: false, exists: true, content: 'x' });
  });

  it('a dangling link: a problem, and the link is not followed to create a file', async () => {
    const link = join(dir, '.bashrc');
    symlinkSync(join(dir, 'gone'), link);
    expect(await readFileState(fse, link)).toEqual({
      path: link,
      realPath: link,
      isSymlink: true,
      ...ABSENT,
      problem: `${link} is a symbolic link that cannot be followed: it points to a file that does not exist`,
    });
  });

  it('a loop of links: a problem that says so', async () => {
    const a = join(dir, 'a');
    symlinkSync(join(dir, 'b'), a);
    symlinkSync(a, join(dir, 'b'));
    expect((await readFileState(fse, a)).problem).toBe(`${a} is a symbolic link that cannot be followed: it is a loop of links`);
  });

  it('a link that cannot be resolved for another reason: the code', async () => {
    const link = join(dir, 'l');
    symlinkSync(join(dir, 'x'), link);
    expect((await readFileState(faultyFs([{ op: 'realpath', code: 'EACCES' }]), link)).problem).toBe(
      `${link} is a symbolic link that cannot be followed: (EACCES)`,
    );
    const odd = faultyFs();
    odd.realpath = async () => Promise.reject(new Error('no code'));
    expect((await readFileState(odd, link)).problem).toBe(`${link} is a symbolic link that cannot be followed: (error)`);
  });

  it('a directory: a problem, never read', async () => {
    const sub = join(dir, 'conf');
    mkdirSync(sub);
    expect(await readFileState(fse, sub)).toEqual({ path: sub, realPath: sub, isSymlink: false, ...ABSENT, problem: `${sub} is a directory, not a file` });
  });

  it('a link to a directory: the same problem, with the link resolved', async () => {
    const sub = join(dir, 'conf');
    mkdirSync(sub);
    const link = join(dir, 'link');
    symlinkSync(sub, link);
    expect(await readFileState(fse, link)).toEqual({ path: link, realPath: sub, isSymlink: true, ...ABSENT, problem: `${link} is a directory, not a file` });
  });

  const fifoIt = mkfifo(join(tmpdir(), `ionq-fifo-probe-${process.pid}`)) ? it : it.skip;
  afterAll(() => rmSync(join(tmpdir(), `ionq-fifo-probe-${process.pid}`), { force: true }));

  fifoIt('a FIFO: a problem, and never read (a read would wait for a writer)', async () => {
    const fifo = join(dir, '.bashrc');
    expect(mkfifo(fifo)).toBe(true);
    const fs = neverRead(fifo);
    expect(await readFileState(fs, fifo)).toEqual({ path: fifo, realPath: fifo, isSymlink: false, ...ABSENT, problem: `${fifo} is not a regular file` });
    expect(callsOf(fs, 'readFile')).toEqual([]);
  });

  fifoIt('set with a FIFO as the rc file: exit 1, the FIFO neither read nor replaced', async () => {
    const h = await makeTempHome();
    try {
      const fifo = join(h.home, '.bashrc');
      expect(mkfifo(fifo)).toBe(true);
      const fs = neverRead(fifo);
      const run = await runInProcess(['--key-stdin', '--shell', 'bash'], { env: h.env, stdin: TEST_KEY, secrets: [TEST_KEY], system: { fs } });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('is not a regular file');
      expect(lstatSync(fifo).isFIFO()).toBe(true);
      expect(callsOf(fs, 'readFile')).not.toContain(fifo);
      expect(callsOf(fs, 'rename')).toEqual([]);
    } finally {
      await h.cleanup();
    }
  });

  it.each([
    ['EACCES', 'permission denied'],
    ['EPERM', 'permission denied'],
    ['EIO', 'EIO'],
  ])('a file that cannot be read (%s): a problem naming why', async (code, why) => {
    const file = join(dir, 'f');
    writeFileSync(file, 'secret');
    const state = await readFileState(faultyFs([{ op: 'readFile', code }]), file);
    expect(state).toEqual({ path: file, realPath: file, isSymlink: false, ...ABSENT, problem: `cannot read ${file} (${why})` });
  });

  it('a file that cannot be read, behind a link: the problem keeps the resolved path', async () => {
    const target = join(dir, 't');
    writeFileSync(target, 'x');
    const link = join(dir, 'l');
    symlinkSync(target, link);
    const odd = faultyFs();
    odd.readFile = async () => Promise.reject(new Error('no code'));
    expect(await readFileState(odd, link)).toEqual({ path: link, realPath: target, isSymlink: true, ...ABSENT, problem: `cannot read ${link} (error)` });
    expect(readFileSync(target, 'utf8')).toBe('x');
  });
});
