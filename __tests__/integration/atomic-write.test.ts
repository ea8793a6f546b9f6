// The only code that replaces a user's file (src/rcfile/atomic-write.ts), in-process against real files:
// all old bytes or all new bytes, whatever fails on the way (the failures come from a fault-injecting
// file system: a full disk, no permission, a dying disk), the temp file private until it is in place, the
// owner kept when root edits another user's file, and leftovers of a killed run tidied — only those.
import { chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fse from 'fs-extra';
import { cleanStaleTemps, deleteFile, writeError, writeFileAtomic } from '../../src/rcfile/atomic-write';
import { CliError } from '../../src/platform/errors';
import { failureOf, userView } from '../helpers/cli-error';
import { callsOf, errnoError, faultyFs } from '../helpers/faulty-fs';
import { isRoot, nobody } from '../helpers/privileges';
import { snapshotDir } from '../helpers/snapshot';

let dir: string;
let file: string;
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'ionq-atomic-')));
  file = join(dir, '.bashrc');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const OLD = 'alias ll="ls -l"\n';
const NEW = `alias ll="ls -l"\n\n# >>> ionq-env-setup >>>\nexport IONQ_API_KEY='k'\n# <<< ionq-env-setup <<<\n`;

describe('writeFileAtomic', () => {
  it('replaces the file with exactly the new bytes (a binary string: each char one byte)', async () => {
    writeFileSync(file, OLD, { mode: 0o644 });
    const bytes = Buffer.from([0x61, 0xff, 0x00, 0xe9, 0x0a]).toString('latin1');
    await writeFileAtomic(fse, file, bytes, { mode: 0o644 });
    expect(readFileSync(file)).toEqual(Buffer.from([0x61, 0xff, 0x00, 0xe9, 0x0a]));
    expect(readdirSync(dir)).toEqual(['.bashrc']);
  });

  it.each([0o600, 0o644, 0o640, 0o755])('leaves the file with the mode it is given (%o)', async (mode) => {
    writeFileSync(file, OLD, { mode: 0o644 });
    await writeFileAtomic(fse, file, NEW, { mode });
    expect(statSync(file).mode & 0o7777).toBe(mode);
  });

  it('keeps the new bytes private (0600) until they are in place, in a temp file beside the target', async () => {
    writeFileSync(file, OLD, { mode: 0o644 });
    const fs = faultyFs();
    const temps: { name: string; mode: number; bytes: string }[] = [];
    fs.before = (call) => {
      if (call.op === 'rename') {
        const st = statSync(call.path);
        temps.push({ name: call.path, mode: st.mode & 0o777, bytes: readFileSync(call.path, 'latin1') });
      }
    };
    await writeFileAtomic(fs, file, NEW, { mode: 0o644 });
    expect(temps).toHaveLength(1);
    expect(temps[0]!.name).toMatch(new RegExp(`^${dir}/\\.\\.bashrc\\.ionq-env-setup-[a-z0-9]+\\.tmp$`));
    expect(temps[0]!.mode).toBe(0o600);
    expect(temps[0]!.bytes).toBe(NEW);
  });

  it('is durable: the bytes are flushed before the rename, and the folder after it', async () => {
    const fs = faultyFs();
    await writeFileAtomic(fs, file, NEW, { mode: 0o600 });
    const steps = fs.calls
      .filter((c) => ['open', 'writeFile', 'fsync', 'close', 'rename'].includes(c.op))
      .map((c) => `${c.op} ${c.path === dir ? 'dir' : c.path === file ? 'file' : 'temp'}`);
    expect(steps).toEqual(['open temp', 'writeFile temp', 'fsync temp', 'close temp', 'rename temp', 'open dir', 'fsync dir', 'close dir']);
    expect(fs.openFiles()).toEqual([]);
  });

  it('a folder that cannot be synced (some file systems) is no error', async () => {
    const fs = faultyFs([{ op: 'open', code: 'EISDIR', path: (p) => p === dir }]);
    await writeFileAtomic(fs, file, NEW, { mode: 0o600 });
    expect(readFileSync(file, 'latin1')).toBe(NEW);
    const fs2 = faultyFs([{ op: 'fsync', code: 'EINVAL', path: (p) => p === dir }]);
    await writeFileAtomic(fs2, file, OLD, { mode: 0o600 });
    expect(readFileSync(file, 'latin1')).toBe(OLD);
    expect(fs2.openFiles()).toEqual([]);
  });

  it.each([
    ['the temp file cannot be created (EACCES)', 'open', 'EACCES', /permission denied/],
    ['the disk fills up while writing (ENOSPC)', 'writeFile', 'ENOSPC', /the disk is full/],
    ['the disk fails on flush (EIO)', 'fsync', 'EIO', /\(EIO\)/],
    ['closing fails (EDQUOT, reported at close by NFS)', 'close', 'EDQUOT', /the disk is full/],
    ['the rename is refused (EPERM)', 'rename', 'EPERM', /permission denied/],
  ] as const)('%s: WRITE_FAILED, the old file untouched, no temp file left, nothing left open', async (_name, op, code, message) => {
    writeFileSync(file, OLD, { mode: 0o640 });
    const before = snapshotDir(dir);
    const fs = faultyFs([{ op, code, path: /\.tmp$/ }]);
    const error = await failureOf(writeFileAtomic(fs, file, NEW, { mode: 0o640 }, '~/.bashrc'));
    expect([error.code, error.exitCode]).toEqual(['WRITE_FAILED', 1]);
    expect(error.message).toMatch(/^Cannot write ~\/\.bashrc/);
    expect(error.message).toMatch(message);
    expect(snapshotDir(dir)).toEqual(before);
    expect(fs.openFiles().filter((p) => p.endsWith('.tmp'))).toEqual([]);
  });

  it('a file in a folder that does not exist: WRITE_FAILED naming the folder', async () => {
    const error = await failureOf(writeFileAtomic(fse, join(dir, 'missing', 'file'), NEW, { mode: 0o600 }, '~/missing/file'));
    expect(error.message).toBe('Cannot write ~/missing/file: the folder ~/missing does not exist.');
  });

  it('a mode that cannot be set afterwards is no error (the file stays 0600: stricter, never looser)', async () => {
    const fs = faultyFs([{ op: 'chmod', code: 'EPERM' }]);
    await writeFileAtomic(fs, file, NEW, { mode: 0o644 });
    expect(readFileSync(file, 'latin1')).toBe(NEW);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  const user = nobody();
  const asRoot = isRoot() && user ? it : it.skip;

  asRoot("as root on another user's file, with owner given: the new file keeps that owner", async () => {
    writeFileSync(file, OLD, { mode: 0o644 });
    chownSync(file, user!.uid, user!.gid);
    await writeFileAtomic(fse, file, NEW, { mode: 0o644, owner: { uid: user!.uid, gid: user!.gid } });
    const st = statSync(file);
    expect([st.uid, st.gid, st.mode & 0o777]).toEqual([user!.uid, user!.gid, 0o644]);
    expect(readFileSync(file, 'latin1')).toBe(NEW);
  });

  asRoot('without an owner, the new file belongs to whoever writes it', async () => {
    writeFileSync(file, OLD, { mode: 0o644 });
    chownSync(file, user!.uid, user!.gid);
    await writeFileAtomic(fse, file, NEW, { mode: 0o644 });
    expect(statSync(file).uid).toBe(0);
  });

  it('an owner that cannot be set (not root) is no error: the write goes on', async () => {
    const fs = faultyFs([{ op: 'fchown', code: 'EPERM' }]);
    await writeFileAtomic(fs, file, NEW, { mode: 0o600, owner: { uid: 12345, gid: 12345 } });
    expect(readFileSync(file, 'latin1')).toBe(NEW);
    expect(callsOf(fs, 'fchown')).toHaveLength(1);
  });
});

describe('deleteFile', () => {
  it('deletes the file and syncs its folder', async () => {
    writeFileSync(file, OLD);
    const fs = faultyFs();
    await deleteFile(fs, file);
    expect(readdirSync(dir)).toEqual([]);
    expect(callsOf(fs, 'fsync')).toEqual([dir]);
    expect(fs.openFiles()).toEqual([]);
  });

  it('a file that is already gone is no error', async () => {
    await expect(deleteFile(fse, file)).resolves.toBeUndefined();
  });

  it('a file that cannot be deleted: WRITE_FAILED naming it', async () => {
    writeFileSync(file, OLD);
    const fs = faultyFs([{ op: 'unlink', code: 'EACCES' }]);
    const error = await failureOf(deleteFile(fs, file, '~/.bashrc'));
    expect(error.message).toBe('Cannot write ~/.bashrc: permission denied.');
    expect(readFileSync(file, 'latin1')).toBe(OLD);
  });
});

describe('cleanStaleTemps', () => {
  it("deletes only this file's leftover temp files, nothing else beside it", async () => {
    const keep = [
      '.bashrc',
      'notes.tmp',
      '.bashrc.tmp',
      '.bashrc.ionq-env-setup-abc.txt',
      '..zshrc.ionq-env-setup-abc.tmp',
      '..bashrc.ionq-env-setup-abc.tmp.bak',
      '.x.bashrc.ionq-env-setup-abc.tmp',
    ];
    const stale = ['..bashrc.ionq-env-setup-abc.tmp', '..bashrc.ionq-env-setup-k2x9z.tmp'];
    for (const name of [...keep, ...stale]) writeFileSync(join(dir, name), 'x');
    await cleanStaleTemps(fse, file);
    expect(readdirSync(dir).sort()).toEqual([...keep].sort());
  });

  it('leftovers it cannot delete, or a folder it cannot list, are no error', async () => {
    writeFileSync(join(dir, '..bashrc.ionq-env-setup-abc.tmp'), 'x');
    await expect(cleanStaleTemps(faultyFs([{ op: 'unlink', code: 'EACCES' }]), file)).resolves.toBeUndefined();
    await expect(cleanStaleTemps(faultyFs([{ op: 'readdir', code: 'EACCES' }]), file)).resolves.toBeUndefined();
    await expect(cleanStaleTemps(fse, join(dir, 'no', 'such', 'file'))).resolves.toBeUndefined();
  });

  it('the temp file a failed write leaves is one it cleans', async () => {
    mkdirSync(join(dir, 'sub'));
    const target = join(dir, 'sub', 'rc');
    // A "kill" just before the rename: the temp file stays.
    const fs = faultyFs([{ op: 'rename', code: 'EINTR' }]);
    fs.fail({ op: 'unlink', code: 'EINTR' });
    await expect(writeFileAtomic(fs, target, NEW, { mode: 0o600 })).rejects.toBeInstanceOf(CliError);
    expect(readdirSync(join(dir, 'sub'))).toHaveLength(1);
    await cleanStaleTemps(fse, target);
    expect(readdirSync(join(dir, 'sub'))).toEqual([]);
  });
});

describe('writeError: a message a person can act on', () => {
  it.each([
    ['EACCES', 'Cannot write ~/.bashrc: permission denied.', 'Check that you own ~/.bashrc and the folder ~, and that both are writable.'],
    ['EPERM', 'Cannot write ~/.bashrc: permission denied.', 'Check that you own ~/.bashrc and the folder ~, and that both are writable.'],
    ['EROFS', 'Cannot write ~/.bashrc: the file system is read-only.', undefined],
    ['ENOSPC', 'Cannot write ~/.bashrc: the disk is full (or a size limit was reached).', 'Free some space and run this again; the file was left as it was.'],
    ['EDQUOT', 'Cannot write ~/.bashrc: the disk is full (or a size limit was reached).', 'Free some space and run this again; the file was left as it was.'],
    ['EFBIG', 'Cannot write ~/.bashrc: the disk is full (or a size limit was reached).', 'Free some space and run this again; the file was left as it was.'],
    ['EISDIR', 'Cannot write ~/.bashrc: it is a directory.', undefined],
    ['ENOENT', 'Cannot write ~/.bashrc: the folder ~ does not exist.', undefined],
    ['ENOTDIR', 'Cannot write ~/.bashrc: the folder ~ does not exist.', undefined],
    ['EIO', 'Cannot write ~/.bashrc (EIO).', undefined],
  ])('%s', (code, message, hint) => {
    const error = writeError(errnoError(code), '~/.bashrc');
    expect(userView(error)).toEqual({ code: 'WRITE_FAILED', exitCode: 1, message, hint });
  });

  it('an error without a code', () => {
    expect(writeError(new Error('odd'), '/etc/x/y').message).toBe('Cannot write /etc/x/y (unexpected error).');
  });
});
