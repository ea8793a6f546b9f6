// Write failures the tool meets in the wild: no permission, a full disk, a file-size limit. Each must give
// a clear message and exit 1, and leave every file exactly as it was (no temp file, no lock file).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_CLI, NODE_UNDER_TEST, type CliRun } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { TEST_KEY } from '../helpers/keys';
import { expectNoKey } from '../helpers/leak';
import { asNobody, isRoot, nobody } from '../helpers/privileges';
import { snapshotDir } from '../helpers/snapshot';

/** Runs the built CLI through `prefix` (setpriv, or `bash -c 'ulimit …; exec …'`). */
function runWrapped(prefix: string[], args: string[], env: Record<string, string>, input: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const [program, ...rest] = [...prefix, NODE_UNDER_TEST, BUILT_CLI, ...args];
    const child = spawn(program!, rest, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

const user = nobody();
const asUser = user ? it : it.skip;
if (!user) {
  if (process.env.IONQ_TEST_STRICT === '1' && isRoot()) throw new Error('setpriv is needed to test permission errors as root (util-linux).');
  console.warn('SKIPPED: permission tests need root and setpriv to switch to nobody.');
}

let h: TempHome;
beforeEach(async () => {
  h = await makeTempHome();
});
afterEach(async () => {
  spawnSync('chmod', ['-R', 'u+w', h.home]);
  await h.cleanup();
});

function expectFailedCleanly(run: CliRun, message: RegExp, before: Record<string, string>, dir: string): void {
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 1, stderr: expect.stringMatching(message) });
  expect(snapshotDir(dir)).toEqual(before);
  expectNoKey(run.stdout + run.stderr, TEST_KEY);
  expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe('no write permission (as an ordinary user)', () => {
  asUser('a home folder the user cannot write: exit 1, nothing created', async () => {
    // Home owned by root, 0755: nobody can read but not create files in it.
    chmodSync(h.home, 0o755);
    const before = snapshotDir(h.home);
    const run = await runWrapped(asNobody(), ['--key-stdin', '--shell', 'bash'], h.env, TEST_KEY);
    expectFailedCleanly(run, /Cannot write ~\/\.bashrc: permission denied/, before, h.home);
  });

  asUser("an rc file owned by root in the user's own home: left alone, though a rename would succeed", async () => {
    chownSync(h.home, user!.uid, user!.gid);
    writeFileSync(join(h.home, '.bashrc'), 'root owns this\n', { mode: 0o644 });
    const before = snapshotDir(h.home);
    const run = await runWrapped(asNobody(), ['--key-stdin', '--shell', 'bash'], h.env, TEST_KEY);
    expectFailedCleanly(run, /~\/\.bashrc is read-only for you/, before, h.home);
  });
});

describe('a full disk and a file-size limit', () => {
  const canMount = isRoot() && process.platform === 'linux';
  const maybe = canMount ? it : it.skip;

  maybe('a full file system (a small tmpfs): exit 1, the old file intact, no temp file left', async () => {
    const mnt = mkdtempSync(join(tmpdir(), 'ionq-full-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mnt]);
    if (mounted.status !== 0) {
      rmSync(mnt, { recursive: true, force: true });
      if (process.env.IONQ_TEST_STRICT === '1') throw new Error('could not mount a tmpfs to simulate a full disk');
      return;
    }
    try {
      const home = join(mnt, 'home');
      mkdirSync(home);
      // 200 KiB of rc file: a second copy (the temp file) cannot fit in 256 KiB.
      writeFileSync(join(home, '.bashrc'), '# filler\n'.repeat(200 * 1024 / 9));
      const before = snapshotDir(home);
      const run = await runWrapped([], ['--key-stdin', '--shell', 'bash'], { ...h.env, HOME: home }, TEST_KEY);
      expectFailedCleanly(run, /disk is full/, before, home);
    } finally {
      spawnSync('umount', [mnt]);
      rmSync(mnt, { recursive: true, force: true });
    }
  });

  it('a file-size limit (ulimit -f): exit 1 with a message, the old file intact', async () => {
    writeFileSync(join(h.home, '.bashrc'), '# filler\n'.repeat(20_000));
    const before = snapshotDir(h.home);
    const run = await runWrapped(['bash', '-c', 'ulimit -f 64; exec "$@"', 'ulimit'], ['--key-stdin', '--shell', 'bash'], h.env, TEST_KEY);
    expectFailedCleanly(run, /size limit/, before, h.home);
  });
});
