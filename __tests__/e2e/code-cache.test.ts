// The launcher's V8 code cache (src/code-cache.ts, src/bin.ts), run as users run it: dist/cli.cjs of a
// copy of the built package, so the cache lands in <tmp>/pkg/.cache/v8/ and each test starts without one.
// A cache file that is left untouched by a run (same inode, same mtime) proves V8 accepted it: a run that
// finds no usable cache writes a new one (temp file + rename, so a new inode).
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { runBuilt, type CliRun } from '../helpers/cli';
import { acceptingKeys, startFakeIonq } from '../helpers/fake-ionq';
import { makeTempHome, type TempHome } from '../helpers/home';
import { TEST_KEY } from '../helpers/keys';
import { expectNoKey } from '../helpers/leak';
import { copyBuiltPackage, runtimeTag, type PackageCopy } from '../helpers/package-copy';
import { asNobody, isRoot, nobody } from '../helpers/privileges';
import { snapshotDir } from '../helpers/snapshot';

const RUNTIME = runtimeTag();
const SET = ['set', '--key-stdin', '--no-verify', '--shell', 'bash'];

let pkg: PackageCopy;
let homes: TempHome[];
beforeEach(() => {
  pkg = copyBuiltPackage();
  homes = [];
});
afterEach(async () => {
  for (const h of homes) await h.cleanup();
  pkg.cleanup();
});

async function newHome(): Promise<TempHome> {
  const h = await makeTempHome();
  homes.push(h);
  return h;
}

/** `set` with the test key on stdin, in `home` (a fresh one unless given). */
async function runSet(home?: TempHome, extra: { env?: Record<string, string>; prefix?: string[] } = {}): Promise<CliRun> {
  const h = home ?? (await newHome());
  return runBuilt(SET, { env: { ...h.env, ...extra.env }, input: `${TEST_KEY}\n`, secrets: [TEST_KEY], script: pkg.cli, ...(extra.prefix ? { prefix: extra.prefix } : {}) });
}

/** What identifies a cache file's one write: name, inode, mtime, size. */
function cacheIdentity(): Record<string, string> {
  return Object.fromEntries([...pkg.cacheFiles()].map(([name, st]) => [name, `${st.ino}:${st.mtimeMs}:${st.size}`]));
}

const outputOf = (run: CliRun): Pick<CliRun, 'code' | 'stdout' | 'stderr'> => ({ code: run.code, stdout: run.stdout, stderr: run.stderr });

describe('the code cache beside the package', () => {
  it('the first set writes one private cache file in <package>/.cache/v8 (nothing in the home); a second run uses it as it is', async () => {
    const h1 = await newHome();
    const first = await runSet(h1);
    expect(first).toEqual({ code: 0, stdout: expect.stringContaining('…zq7w'), stderr: '' });

    // set with --shell bash --no-verify needs only the application: yargs, Inquirer and execa stay unloaded.
    const files = pkg.cacheFiles();
    expect([...files.keys()]).toEqual([pkg.cacheName('app', 'set')]);
    expect(pkg.cacheFiles().get(pkg.cacheName('app', 'set'))!.mode & 0o777).toBe(0o600);
    expect(snapshotDir(pkg.root)['.cache']).toBe('dir:700');
    expect(snapshotDir(pkg.root)['.cache/v8']).toBe('dir:700');
    // The home holds what set writes and nothing else: no cache there.
    expect(Object.keys(snapshotDir(h1.home))).toEqual(['.bashrc']);

    const before = cacheIdentity();
    const bytes = readFileSync(join(pkg.cacheDir, pkg.cacheName('app', 'set')));
    const second = await runSet();
    expect(outputOf(second)).toEqual(outputOf(first));
    expect(cacheIdentity()).toEqual(before);
    expect(readFileSync(join(pkg.cacheDir, pkg.cacheName('app', 'set'))).equals(bytes)).toBe(true);
  });

  it('status gets a cache file of its own, which its next run uses; set\'s stays as it was', async () => {
    const h = await newHome();
    expect((await runSet(h)).code).toBe(0);
    const afterSet = cacheIdentity();

    const status = await runBuilt(['status'], { env: h.env, secrets: [TEST_KEY], script: pkg.cli });
    expect(status).toEqual({ code: 0, stdout: expect.stringContaining('…zq7w'), stderr: '' });
    const afterStatus = cacheIdentity();
    expect(Object.keys(afterStatus)).toEqual([pkg.cacheName('app', 'set'), pkg.cacheName('app', 'status')]);
    expect(afterStatus[pkg.cacheName('app', 'set')]).toBe(afterSet[pkg.cacheName('app', 'set')]);

    const again = await runBuilt(['status'], { env: h.env, secrets: [TEST_KEY], script: pkg.cli });
    expect(outputOf(again)).toEqual(outputOf(status));
    expect(cacheIdentity()).toEqual(afterStatus);
  });

  const corruptions: [string, (file: string) => void][] = [
    ['overwritten with random bytes', (file) => writeFileSync(file, randomBytes(readFileSync(file).length))],
    ['truncated to 10 bytes', (file) => writeFileSync(file, readFileSync(file).subarray(0, 10))],
    [
      // The likelier damage: V8's header (version, source hash, flags, length) intact, the payload not.
      // V8 release builds do not checksum a code cache, and deserialising such a payload aborts Node.
      'damaged a third of the way in, its header intact',
      (file) => flipBytes(file, 1 / 3),
    ],
    ['damaged near its end', (file) => flipBytes(file, 0.9)],
  ];

  /** Flips every 7th byte of 8 KB starting at `at` (a fraction of the file's length). */
  function flipBytes(file: string, at: number): void {
    const bytes = readFileSync(file);
    const from = Math.floor(bytes.length * at);
    for (let i = from; i < Math.min(from + 8192, bytes.length); i += 7) bytes[i] = bytes[i]! ^ 0x5a;
    writeFileSync(file, bytes);
  }

  it.each(corruptions)('a cache file %s: the run succeeds with the same output and writes a good cache again', async (_, corrupt) => {
    const first = await runSet();
    expect(first.code).toBe(0);
    const file = join(pkg.cacheDir, pkg.cacheName('app', 'set'));
    corrupt(file);
    const garbage = readFileSync(file);

    const second = await runSet();
    expect(outputOf(second)).toEqual(outputOf(first));
    const rewritten = readFileSync(file);
    expect(rewritten.equals(garbage)).toBe(false);
    expect(pkg.cacheFiles().get(pkg.cacheName('app', 'set'))!.mode & 0o777).toBe(0o600);

    // And what was written is a cache V8 accepts: the next run leaves it alone.
    const before = cacheIdentity();
    expect(outputOf(await runSet())).toEqual(outputOf(first));
    expect(cacheIdentity()).toEqual(before);
  });

  it('NODE_DISABLE_COMPILE_CACHE=1: no cache directory at all', async () => {
    const h = await newHome();
    const run = await runSet(h, { env: { NODE_DISABLE_COMPILE_CACHE: '1' } });
    expect(run).toEqual({ code: 0, stdout: expect.stringContaining('…zq7w'), stderr: '' });
    expect(existsSync(join(pkg.root, '.cache'))).toBe(false);
    expect(Object.keys(snapshotDir(h.home))).toEqual(['.bashrc']);
  });

  it('the key is in no cache file (set, status with the key in the environment, set --verify, a usage error)', async () => {
    const fake = await startFakeIonq(acceptingKeys({ [TEST_KEY]: { keyName: 'laptop', projectId: 'proj-42' } }));
    try {
      const h = await newHome();
      const withKey = { ...h.env, IONQ_API_KEY: TEST_KEY, IONQ_API_URL: `${fake.url}/v0.4` };
      expect((await runSet(h)).code).toBe(0);
      expect((await runBuilt(['status'], { env: withKey, secrets: [TEST_KEY], script: pkg.cli })).code).toBe(0);
      const verified = await runBuilt(['set', '--key-stdin', '--verify', '--shell', 'zsh'], { env: withKey, input: TEST_KEY, secrets: [TEST_KEY], script: pkg.cli });
      expect(verified.code).toBe(0);
      expect(fake.requests.length).toBeGreaterThan(0);
      expect((await runBuilt(['--help', '--no-color'], { env: withKey, secrets: [TEST_KEY], script: pkg.cli })).code).toBe(0);
    } finally {
      await fake.close();
    }
    const files = [...pkg.cacheFiles().keys()];
    expect(files).toEqual(expect.arrayContaining([pkg.cacheName('app', 'set'), pkg.cacheName('app', 'status'), pkg.cacheName('yargs', 'set')]));
    for (const name of files) {
      const bytes = readFileSync(join(pkg.cacheDir, name));
      expect(bytes.includes(Buffer.from(TEST_KEY, 'utf8'))).toBe(false);
      expect(bytes.includes(Buffer.from(TEST_KEY, 'utf16le'))).toBe(false);
      expectNoKey(bytes.toString('latin1'), TEST_KEY, name);
    }
  });

  it('8 first runs at once: all succeed, and leave one cache file and no temp file', async () => {
    const runs = await Promise.all(Array.from({ length: 8 }, () => runSet()));
    for (const run of runs) expect(outputOf(run)).toEqual(outputOf(runs[0]!));
    expect(runs[0]!).toEqual({ code: 0, stdout: expect.stringContaining('…zq7w'), stderr: '' });
    expect([...pkg.cacheFiles().keys()]).toEqual([pkg.cacheName('app', 'set')]);
    // The survivor is a whole cache: the next run uses it.
    const before = cacheIdentity();
    expect((await runSet()).code).toBe(0);
    expect(cacheIdentity()).toEqual(before);
  });

  it('a bundle edited in place (same length, as patch-package might) runs its new code, not the cached old one', async () => {
    const first = await runSet();
    expect(first.stdout).toContain('New terminals will have the key.');
    const oldCache = pkg.cacheName('app', 'set');
    const app = join(pkg.root, 'dist', 'app.cjs');
    const source = readFileSync(app, 'utf8');
    expect(source).toContain('New terminals will have the key.');
    // V8 checks only the length of the source a cache was made for: keep it, change the text.
    writeFileSync(app, source.replace('New terminals will have the key.', 'NEW TERMINALS WILL HAVE THE KEY.'));
    const later = new Date(Date.now() + 60_000);
    utimesSync(app, later, later);

    const second = await runSet();
    expect(second).toEqual({ code: 0, stdout: expect.stringContaining('NEW TERMINALS WILL HAVE THE KEY.'), stderr: '' });
    // The new cache replaces the old one: the same build id (cli.cjs was not rebuilt), another
    // modification time; the old one, stale now, was deleted when the new one was written.
    const names = [...pkg.cacheFiles().keys()];
    expect(names).toHaveLength(1);
    const withoutTime = (name: string): string => name.split('-').filter((_, i) => i !== 2).join('-');
    expect(withoutTime(names[0]!)).toBe(withoutTime(oldCache));
    expect(names[0]!.split('-')[2]).toBe(Math.trunc(statSync(app).mtimeMs).toString(36));
  });

  it('writing a cache deletes caches of other builds and temp files of runs that died, and nothing else', async () => {
    mkdirSync(pkg.cacheDir, { recursive: true });
    const planted = {
      otherBuild: `app-000000000000-kq1-set-${RUNTIME}.v8cache`,
      deadRunTemp: `app-x.v8cache.2147483646.tmp`,
      liveRunTemp: `app-y.v8cache.${process.pid}.tmp`,
      notOurs: 'README',
    };
    for (const name of Object.values(planted)) writeFileSync(join(pkg.cacheDir, name), 'x');
    expect((await runSet()).code).toBe(0);
    expect([...pkg.cacheFiles().keys()].sort()).toEqual([pkg.cacheName('app', 'set'), planted.liveRunTemp, planted.notOurs].sort());
  });

  it('help that yargs renders (not one of the prerendered texts) loads yargs through the cache too', async () => {
    const h = await newHome();
    const first = await runBuilt(['--help', '--no-color'], { env: h.env, script: pkg.cli });
    expect(first).toEqual({ code: 0, stdout: expect.stringContaining('Commands:'), stderr: '' });
    const files = [...pkg.cacheFiles().keys()];
    expect(files).toEqual(expect.arrayContaining([pkg.cacheName('app', 'set'), pkg.cacheName('yargs', 'set')]));
    expect(files.every((name) => name.endsWith(`-set-${RUNTIME}.v8cache`))).toBe(true);

    const before = cacheIdentity();
    expect(outputOf(await runBuilt(['--help', '--no-color'], { env: h.env, script: pkg.cli }))).toEqual(outputOf(first));
    expect(cacheIdentity()).toEqual(before);
  });

  it('a run that fails (a usage error) makes no cache; a dry run makes its own', async () => {
    const h = await newHome();
    const bogus = await runBuilt(['--bogus'], { env: h.env, script: pkg.cli });
    expect(bogus).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(/Unknown argument: bogus/) });
    expect(pkg.cacheFiles().size).toBe(0);

    const dry = await runBuilt(['--key-stdin', '--no-verify', '--shell', 'bash', '--dry-run'], { env: h.env, input: TEST_KEY, secrets: [TEST_KEY], script: pkg.cli });
    expect(dry.code).toBe(0);
    expect([...pkg.cacheFiles().keys()]).toEqual([pkg.cacheName('app', 'set-dry-run')]);
    // The real run that follows does not take the dry run's cache, which lacks the code that writes.
    expect((await runSet(h)).code).toBe(0);
    expect([...pkg.cacheFiles().keys()].sort()).toEqual([pkg.cacheName('app', 'set'), pkg.cacheName('app', 'set-dry-run')].sort());
  });
});

describe('a package the user cannot write (as nobody)', () => {
  const user = nobody();
  const asUser = user ? it : it.skip;
  if (!user) {
    if (process.env.CI && isRoot()) throw new Error('setpriv is needed to run the CLI as an ordinary user (util-linux).');
    // eslint-disable-next-line no-console
    console.warn('SKIPPED: read-only package tests need root and setpriv to switch to nobody.');
  }

  /** A home nobody owns, in a package copy that nobody can read but not write. */
  async function homeForNobody(): Promise<TempHome> {
    const h = await newHome();
    chownSync(h.home, user!.uid, user!.gid);
    chmodSync(pkg.tmp, 0o755);
    return h;
  }

  asUser('no cache yet: the run succeeds, writes none, and says nothing about it', async () => {
    const h = await homeForNobody();
    const run = await runSet(h, { prefix: asNobody() });
    expect(run).toEqual({ code: 0, stdout: expect.stringContaining('…zq7w'), stderr: '' });
    expect(readFileSync(join(h.home, '.bashrc'), 'utf8')).toContain('IONQ_API_KEY');
    expect(existsSync(join(pkg.root, '.cache'))).toBe(false);
  });

  asUser("a cache that root's run left (0700, unreadable to nobody): used by no one, changed by no one", async () => {
    const asRoot = await runSet();
    expect(asRoot.code).toBe(0);
    const before = cacheIdentity();
    const h = await homeForNobody();
    const run = await runSet(h, { prefix: asNobody() });
    expect(outputOf(run)).toEqual(outputOf(asRoot));
    expect(cacheIdentity()).toEqual(before);
  });
});
