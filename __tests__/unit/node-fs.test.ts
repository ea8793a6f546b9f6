// nodeFileSystem (src/node-fs.ts: promise results made of node:fs' synchronous calls) must behave as
// node:fs/promises does for everything the tool relies on: the same results, the same error codes, and
// errors as rejected promises (callers use try/await and .catch, never a synchronous try around the call).
// Each scenario runs against both, each in a fresh temp dir, and the outcomes are compared.
import { constants, lstatSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { types } from 'node:util';
import { join } from 'node:path';
import { nodeFileSystem, type FileSystem } from '../../src/node-fs';

const promisesFs = fsp as unknown as FileSystem;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  // Resolved, so realpath's answers start with it even where the temp dir is behind a symlink (macOS).
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ionq-nodefs-')));
  dirs.push(dir);
  return dir;
}

type Outcome = { value: unknown } | { error: { code: unknown; syscall: unknown; path: unknown } } | { threwSynchronously: unknown };

/** How a call ended: a value, a rejection (its code, syscall and path relative to `dir`), or a synchronous throw. */
async function outcome(dir: string, call: () => Promise<unknown>): Promise<Outcome> {
  let promise: Promise<unknown>;
  try {
    promise = call();
  } catch (error) {
    return { threwSynchronously: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
  try {
    return { value: relative(dir, await promise) };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    // (An Error of Node's realm, not jest's: instanceof cannot tell.)
    expect(types.isNativeError(e)).toBe(true);
    return { error: { code: e.code, syscall: e.syscall, path: relative(dir, e.path) } };
  }
}

const relative = (dir: string, value: unknown): unknown => (typeof value === 'string' ? value.split(dir).join('<dir>') : value);

/** Runs `scenario` against both file systems, each in its own fresh dir; returns nodeFileSystem's result after checking it equals node:fs/promises'. */
async function same<T>(scenario: (fs: FileSystem, dir: string) => Promise<T>): Promise<T> {
  const ours = await scenario(nodeFileSystem, tempDir());
  const theirs = await scenario(promisesFs, tempDir());
  expect(ours).toEqual(theirs);
  return ours;
}

describe('nodeFileSystem behaves as node:fs/promises', () => {
  it.each(['stat', 'lstat', 'readFile', 'open'] as const)('%s of a missing file rejects with code ENOENT (a rejection, not a throw)', async (method) => {
    const result = await same((fs, dir) => {
      const missing = join(dir, 'missing');
      return outcome(dir, () => (method === 'open' ? fs.open(missing, 'r') : method === 'readFile' ? fs.readFile(missing) : fs[method](missing)));
    });
    expect(result).toEqual({ error: { code: 'ENOENT', syscall: method === 'readFile' ? 'open' : method, path: '<dir>/missing' } });
  });

  it('every method with a bad path rejects (none throws synchronously)', async () => {
    const dir = tempDir();
    const missing = join(dir, 'no', 'such');
    const calls: Record<string, () => Promise<unknown>> = {
      readFile: () => nodeFileSystem.readFile(missing, 'utf8'),
      open: () => nodeFileSystem.open(missing, 'w'),
      rename: () => nodeFileSystem.rename(missing, join(dir, 'x')),
      lstat: () => nodeFileSystem.lstat(missing),
      stat: () => nodeFileSystem.stat(missing),
      realpath: () => nodeFileSystem.realpath(missing),
      mkdir: () => nodeFileSystem.mkdir(missing),
      unlink: () => nodeFileSystem.unlink(missing),
      readdir: () => nodeFileSystem.readdir(missing),
      chmod: () => nodeFileSystem.chmod(missing, 0o600),
      access: () => nodeFileSystem.access(missing),
      rm: () => nodeFileSystem.rm(missing),
      rmdir: () => nodeFileSystem.rmdir(missing),
    };
    for (const [name, call] of Object.entries(calls)) {
      const result = await outcome(dir, call);
      expect({ name, result }).toEqual({ name, result: { error: expect.objectContaining({ code: 'ENOENT' }) } });
    }
  });

  it("open(…, 'wx') of an existing file rejects with EEXIST and leaves the file alone", async () => {
    const result = await same(async (fs, dir) => {
      writeFileSync(join(dir, 'f'), 'kept');
      return { open: await outcome(dir, () => fs.open(join(dir, 'f'), 'wx')), content: readFileSync(join(dir, 'f'), 'utf8') };
    });
    expect(result).toEqual({ open: { error: { code: 'EEXIST', syscall: 'open', path: '<dir>/f' } }, content: 'kept' });
  });

  it("open(…, 'wx', 0o600) creates the file with that mode", async () => {
    const mode = await same(async (fs, dir) => {
      const handle = await fs.open(join(dir, 'new'), 'wx', 0o600);
      await handle.close();
      return statSync(join(dir, 'new')).mode & 0o777;
    });
    expect(mode).toBe(0o600);
  });

  it('handle.writeFile writes every byte of 5 MB (and of a string, as UTF-8)', async () => {
    const big = randomBytes(5 * 1024 * 1024);
    const result = await same(async (fs, dir) => {
      const handle = await fs.open(join(dir, 'big'), 'w');
      await handle.writeFile(big);
      await handle.writeFile('→ tail\n');
      const size = (await handle.stat()).size;
      await handle.sync();
      await handle.close();
      const back = readFileSync(join(dir, 'big'));
      return { size, head: back.subarray(0, big.length).equals(big), tail: back.subarray(big.length).toString('utf8') };
    });
    expect(result).toEqual({ size: big.length + Buffer.byteLength('→ tail\n'), head: true, tail: '→ tail\n' });
  });

  it('handle.read at a position (and past the end), handle.write, handle.truncate', async () => {
    const result = await same(async (fs, dir) => {
      writeFileSync(join(dir, 'f'), 'abcdefghij');
      const handle = await fs.open(join(dir, 'f'), 'r+');
      const buffer = Buffer.alloc(8, '.');
      const at3 = await handle.read(buffer, 1, 4, 3);
      const text = buffer.toString('latin1');
      const pastEnd = (await handle.read(Buffer.alloc(4), 0, 4, 100)).bytesRead;
      const written = (await handle.write(Buffer.from('XYZ'), 1, 2)).bytesWritten;
      await handle.truncate(6);
      await handle.close();
      return { bytesRead: at3.bytesRead, sameBuffer: at3.buffer === buffer, text, pastEnd, written, content: readFileSync(join(dir, 'f'), 'latin1') };
    });
    // write() without a position writes at the current offset: the start, as nothing was read without one.
    expect(result).toEqual({ bytesRead: 4, sameBuffer: true, text: '.defg...', pastEnd: 0, written: 2, content: 'YZcdef' });
  });

  it('handle.chown to the owner it has already', async () => {
    const result = await same(async (fs, dir) => {
      const handle = await fs.open(join(dir, 'f'), 'w');
      const st = await handle.stat();
      await handle.chown(st.uid, st.gid);
      await handle.close();
      return 'done';
    });
    expect(result).toBe('done');
  });

  it('readFile as bytes and as UTF-8', async () => {
    const result = await same(async (fs, dir) => {
      writeFileSync(join(dir, 'f'), Buffer.from('héllo\n', 'utf8'));
      const bytes = await fs.readFile(join(dir, 'f'));
      return { isBuffer: Buffer.isBuffer(bytes), bytes: [...bytes], text: await fs.readFile(join(dir, 'f'), 'utf8') };
    });
    expect(result.text).toBe('héllo\n');
    expect(result.isBuffer).toBe(true);
  });

  it('realpath resolves chains of symlinks, relative ones and symlinked directories', async () => {
    const result = await same(async (fs, dir) => {
      mkdirSync(join(dir, 'dotfiles', 'sub'), { recursive: true });
      writeFileSync(join(dir, 'dotfiles', 'sub', 'bashrc'), '');
      symlinkSync('dotfiles/sub/bashrc', join(dir, 'hop2'));
      symlinkSync(join(dir, 'hop2'), join(dir, '.bashrc'));
      symlinkSync('dotfiles', join(dir, 'linked-dir'));
      symlinkSync('nowhere', join(dir, 'dangling'));
      return {
        chain: await outcome(dir, () => fs.realpath(join(dir, '.bashrc'))),
        throughDir: await outcome(dir, () => fs.realpath(join(dir, 'linked-dir', 'sub', '..', 'sub', 'bashrc'))),
        dangling: await outcome(dir, () => fs.realpath(join(dir, 'dangling'))),
      };
    });
    expect(result.chain).toEqual({ value: '<dir>/dotfiles/sub/bashrc' });
    expect(result.throughDir).toEqual(result.chain);
    expect(result.dangling).toEqual({ error: expect.objectContaining({ code: 'ENOENT' }) });
  });

  it('mkdir: recursive returns the first directory it made (undefined when all exist), with the mode asked; plain mkdir of an existing one rejects EEXIST', async () => {
    const result = await same(async (fs, dir) => ({
      made: await outcome(dir, () => fs.mkdir(join(dir, 'a', 'b', 'c'), { recursive: true, mode: 0o700 })),
      again: await outcome(dir, () => fs.mkdir(join(dir, 'a', 'b', 'c'), { recursive: true })),
      plainExisting: await outcome(dir, () => fs.mkdir(join(dir, 'a'))),
      plainNew: await outcome(dir, () => fs.mkdir(join(dir, 'a', 'd'))),
      mode: statSync(join(dir, 'a', 'b', 'c')).mode & 0o777,
    }));
    expect(result).toEqual({
      made: { value: '<dir>/a' },
      again: { value: undefined },
      plainExisting: { error: { code: 'EEXIST', syscall: 'mkdir', path: '<dir>/a' } },
      plainNew: { value: undefined },
      mode: 0o700,
    });
  });

  it('readdir lists names only; rm recursive removes a tree; rm of a missing path rejects unless force; rmdir only empties', async () => {
    const result = await same(async (fs, dir) => {
      mkdirSync(join(dir, 'tree', 'deep'), { recursive: true });
      writeFileSync(join(dir, 'tree', 'deep', 'f'), 'x');
      writeFileSync(join(dir, 'tree', 'g'), 'y');
      mkdirSync(join(dir, 'empty'));
      const names = ((await fs.readdir(join(dir, 'tree'))) as string[]).slice().sort();
      const rmdirFull = await outcome(dir, () => fs.rmdir(join(dir, 'tree')));
      const rmdirEmpty = await outcome(dir, () => fs.rmdir(join(dir, 'empty')));
      const rmTree = await outcome(dir, () => fs.rm(join(dir, 'tree'), { recursive: true }));
      const rmMissing = await outcome(dir, () => fs.rm(join(dir, 'tree')));
      const rmMissingForced = await outcome(dir, () => fs.rm(join(dir, 'tree'), { force: true }));
      const rmDirPlain = await outcome(dir, () => (mkdirSync(join(dir, 'd2')), fs.rm(join(dir, 'd2'))));
      return { names, rmdirFull, rmdirEmpty, rmTree, rmMissing, rmMissingForced, rmDirPlain, left: (await fs.readdir(dir)).slice().sort() };
    });
    expect(result.names).toEqual(['deep', 'g']);
    expect(result.rmdirFull).toEqual({ error: expect.objectContaining({ code: 'ENOTEMPTY' }) });
    expect(result.rmdirEmpty).toEqual({ value: undefined });
    expect(result.rmTree).toEqual({ value: undefined });
    expect(result.rmMissing).toEqual({ error: expect.objectContaining({ code: 'ENOENT' }) });
    expect(result.rmMissingForced).toEqual({ value: undefined });
    expect(result.rmDirPlain).toEqual({ error: expect.objectContaining({ code: 'ERR_FS_EISDIR' }) });
    expect(result.left).toEqual(['d2']);
  });

  it('chmod, access (F_OK, X_OK), rename (over an existing file, and of a missing one), unlink', async () => {
    const result = await same(async (fs, dir) => {
      writeFileSync(join(dir, 'f'), 'new');
      writeFileSync(join(dir, 'old'), 'old');
      await fs.chmod(join(dir, 'f'), 0o640);
      const mode = lstatSync(join(dir, 'f')).mode & 0o777;
      // Even root may not execute a file with no x bit: X_OK fails for everyone here.
      const accessExists = await outcome(dir, () => fs.access(join(dir, 'f')));
      const accessExec = await outcome(dir, () => fs.access(join(dir, 'f'), constants.X_OK));
      const renamed = await outcome(dir, () => fs.rename(join(dir, 'f'), join(dir, 'old')));
      const renameMissing = await outcome(dir, () => fs.rename(join(dir, 'f'), join(dir, 'g')));
      const content = readFileSync(join(dir, 'old'), 'utf8');
      const modeAfterRename = lstatSync(join(dir, 'old')).mode & 0o777;
      const unlinked = await outcome(dir, () => fs.unlink(join(dir, 'old')));
      return { mode, accessExists, accessExec, renamed, renameMissing, content, modeAfterRename, unlinked, gone: !existsSync(join(dir, 'old')) };
    });
    expect(result).toEqual({
      mode: 0o640,
      accessExists: { value: undefined },
      accessExec: { error: { code: 'EACCES', syscall: 'access', path: '<dir>/f' } },
      renamed: { value: undefined },
      renameMissing: { error: { code: 'ENOENT', syscall: 'rename', path: '<dir>/f' } },
      content: 'new',
      modeAfterRename: 0o640,
      unlinked: { value: undefined },
      gone: true,
    });
  });

  it('stat follows a symlink, lstat does not', async () => {
    const result = await same(async (fs, dir) => {
      writeFileSync(join(dir, 'target'), '12345');
      symlinkSync('target', join(dir, 'link'));
      const st = await fs.stat(join(dir, 'link'));
      const lst = await fs.lstat(join(dir, 'link'));
      return { stat: [st.isFile(), st.size], lstat: [lst.isSymbolicLink(), lst.size] };
    });
    expect(result).toEqual({ stat: [true, 5], lstat: [true, 6] });
  });
});

describe('nodeFileSystem.lstatIfExists (what fs/promises lacks)', () => {
  it('undefined for a missing path; the same Stats as lstat for a file, a dangling link, a directory', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'f'), 'abc');
    symlinkSync('nowhere', join(dir, 'dangling'));
    expect(await nodeFileSystem.lstatIfExists(join(dir, 'missing'))).toBeUndefined();
    expect(await nodeFileSystem.lstatIfExists(join(dir, 'missing', 'deeper'))).toBeUndefined();
    for (const name of ['f', 'dangling', '.']) {
      const st = await nodeFileSystem.lstatIfExists(join(dir, name));
      expect(st?.ino).toBe(lstatSync(join(dir, name)).ino);
      expect(st?.isSymbolicLink()).toBe(name === 'dangling');
    }
  });

  it('other errors still reject: a path through a file is ENOTDIR', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'f'), 'abc');
    await expect(nodeFileSystem.lstatIfExists(join(dir, 'f', 'below'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});
