// macOS for real (the macos-latest CI job): the built CLI picks the file macOS's own shells read, and a new
// /bin/bash login shell (what Terminal.app and iTerm start) or /bin/zsh interactive shell with that home sees
// exactly the key. Linux runs the same choices with the platform injected (integration/macos-bash.test.ts);
// here the OS, the system shells and their /etc files are the real ones.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_CLI, NODE_UNDER_TEST, runBuilt } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { AWKWARD_KEYS, TEST_KEY } from '../helpers/keys';
import { expectNoKey } from '../helpers/leak';

const onMac = process.platform === 'darwin';
if (!onMac) {
  console.warn('SKIPPED: real-macOS tests run only on macOS (the macos-latest job)');
}
const describeMac = onMac ? describe : describe.skip;

/** The shells macOS ships: what a user whose login shell is bash or zsh gets in a new terminal. */
const BASH = '/bin/bash';
const ZSH = '/bin/zsh';
const TIMEOUT = 60_000;

/** Keys that test each shell's quoting: quotes, $ and backticks, history `!`, backslashes, unicode. */
const SHELL_KEYS = AWKWARD_KEYS.filter((k) => /['"$`!\\]|[^\x20-\x7e]/.test(k)).slice(0, 8);

/** The CLI's (and the shells') environment: the temp home, macOS's UTF-8 locale (it has no C.UTF-8). */
const macEnv = (h: TempHome, extra: Record<string, string> = {}): Record<string, string> => ({
  ...h.env,
  LANG: 'en_US.UTF-8',
  LC_ALL: 'en_US.UTF-8',
  // macOS's bash 3.2 otherwise tells interactive login shells that zsh is the default now.
  BASH_SILENCE_DEPRECATION_WARNING: '1',
  ...extra,
});

/**
 * Starts `program args… -c 'printenv NAME > $OUT'` with `env` and returns the exported value as exact bytes
 * decoded as UTF-8 (undefined when not exported). The value goes to a file, so nothing the shell's startup
 * files print can mix into it, and it is never printed; the shell's own output is checked for the key.
 */
function varInNewShell(program: string, args: readonly string[], env: Record<string, string>, key: string, name = 'IONQ_API_KEY'): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'ionq-mac-out-'));
  const out = join(dir, 'out');
  try {
    const r = spawnSync(program, [...args, `printenv ${name} > "$IONQ_TEST_OUT"; exit 0`], {
      env: { ...env, IONQ_TEST_OUT: out },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 30_000,
    });
    expectNoKey(r.stdout ?? '', key, `${program} stdout`);
    expectNoKey(r.stderr ?? '', key, `${program} stderr`);
    if (r.error) throw r.error;
    if (!existsSync(out)) return undefined;
    const text = readFileSync(out).toString('utf8');
    if (text === '') return undefined;
    return text.endsWith('\n') ? text.slice(0, -1) : text;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const loginBash = (env: Record<string, string>, key: string, name?: string): string | undefined => varInNewShell(BASH, ['-l', '-i', '-c'], env, key, name);
const interactiveZsh = (env: Record<string, string>, key: string): string | undefined => varInNewShell(ZSH, ['-i', '-c'], env, key);

/** `set --shell NAME --key-stdin --json` with the built CLI; returns the one file it wrote. */
async function setShell(shell: string, key: string, env: Record<string, string>): Promise<string> {
  const run = await runBuilt(['set', '--shell', shell, '--key-stdin', '--json'], { env, input: key, secrets: [key] });
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
  const targets = (JSON.parse(run.stdout) as { targets: { kind: string; shell: string; path: string }[] }).targets;
  expect(targets).toEqual([expect.objectContaining({ kind: 'shell', shell })]);
  return targets[0]!.path;
}

/** Compares without printing the key. */
const sameKey = (seen: string | undefined, key: string): { exported: boolean; exact: boolean } => ({ exported: seen !== undefined, exact: seen === key });

// Runs everywhere, so the suite is never skipped whole (jest does not print the skip reason of a suite
// with no test run), and so a change to AWKWARD_KEYS cannot quietly drop a case.
describe('the real-macOS keys', () => {
  it("cover ' \" $ ` ! \\ and non-ASCII", () => {
    for (const re of [/'/, /"/, /\$/, /`/, /!/, /\\/, /[^ -~]/]) expect({ re: String(re), covered: SHELL_KEYS.some((k) => re.test(k)) }).toEqual({ re: String(re), covered: true });
  });
});

describeMac(`real macOS: the built CLI (${BUILT_CLI}) on ${NODE_UNDER_TEST}`, () => {
  let h: TempHome;
  beforeAll(() => {
    expect(existsSync(BUILT_CLI)).toBe(true);
    expect(existsSync(BASH) && existsSync(ZSH)).toBe(true);
  });
  beforeEach(async () => {
    h = await makeTempHome('ionq-mac-');
  });
  afterEach(() => h.cleanup());
  const file = (name: string): string => join(h.home, name);

  describe('bash: the login file a new terminal reads', () => {
    it(
      'only ~/.profile exists: the key goes into ~/.profile, and no ~/.bash_profile is created to hide it',
      async () => {
        const before = 'export IONQ_TEST_BEFORE=still-read\n';
        writeFileSync(file('.profile'), before);
        const env = macEnv(h);
        expect(await setShell('bash', TEST_KEY, env)).toBe(file('.profile'));
        expect(existsSync(file('.bash_profile'))).toBe(false);
        expect(existsSync(file('.bash_login'))).toBe(false);
        expect(readFileSync(file('.profile'), 'utf8').startsWith(before)).toBe(true);
        expect(sameKey(loginBash(env, TEST_KEY), TEST_KEY)).toEqual({ exported: true, exact: true });
        // The rest of ~/.profile is still read.
        expect(loginBash(env, TEST_KEY, 'IONQ_TEST_BEFORE')).toBe('still-read');
      },
      TIMEOUT,
    );

    it(
      'no login file exists: ~/.bash_profile is created',
      async () => {
        const env = macEnv(h);
        expect(await setShell('bash', TEST_KEY, env)).toBe(file('.bash_profile'));
        expect(existsSync(file('.profile'))).toBe(false);
        expect(sameKey(loginBash(env, TEST_KEY), TEST_KEY)).toEqual({ exported: true, exact: true });
      },
      TIMEOUT,
    );

    it(
      'both ~/.bash_profile and ~/.profile exist: ~/.bash_profile, the one bash reads; ~/.profile is untouched',
      async () => {
        writeFileSync(file('.bash_profile'), '# my bash profile\n');
        writeFileSync(file('.profile'), 'export FROM_PROFILE=1\n');
        const env = macEnv(h);
        expect(await setShell('bash', TEST_KEY, env)).toBe(file('.bash_profile'));
        expect(readFileSync(file('.profile'), 'utf8')).toBe('export FROM_PROFILE=1\n');
        expect(sameKey(loginBash(env, TEST_KEY), TEST_KEY)).toEqual({ exported: true, exact: true });
      },
      TIMEOUT,
    );

    it.each(SHELL_KEYS.map((key, i) => [`key ${i + 1} of ${SHELL_KEYS.length}`, key] as const))(
      'a login /bin/bash (3.2) gets an awkward key exactly (%s)',
      async (_title, key) => {
        const env = macEnv(h);
        await setShell('bash', key, env);
        expect(sameKey(loginBash(env, key), key)).toEqual({ exported: true, exact: true });
      },
      TIMEOUT,
    );
  });

  describe('zsh: .zshrc in $ZDOTDIR, or in the home', () => {
    it(
      'without ZDOTDIR: ~/.zshrc, read by a new interactive zsh',
      async () => {
        const env = macEnv(h);
        expect(await setShell('zsh', TEST_KEY, env)).toBe(file('.zshrc'));
        expect(sameKey(interactiveZsh(env, TEST_KEY), TEST_KEY)).toEqual({ exported: true, exact: true });
      },
      TIMEOUT,
    );

    it(
      'with ZDOTDIR set to a folder: $ZDOTDIR/.zshrc, not ~/.zshrc',
      async () => {
        const zdotdir = file('zdot');
        mkdirSync(zdotdir);
        const env = macEnv(h, { ZDOTDIR: zdotdir });
        expect(await setShell('zsh', TEST_KEY, env)).toBe(join(zdotdir, '.zshrc'));
        expect(existsSync(file('.zshrc'))).toBe(false);
        expect(sameKey(interactiveZsh(env, TEST_KEY), TEST_KEY)).toEqual({ exported: true, exact: true });
        // And a zsh without that ZDOTDIR does not read it.
        expect(interactiveZsh(macEnv(h), TEST_KEY)).toBeUndefined();
      },
      TIMEOUT,
    );

    it.each(SHELL_KEYS.map((key, i) => [`key ${i + 1} of ${SHELL_KEYS.length}`, key] as const))(
      'an interactive /bin/zsh gets an awkward key exactly (%s)',
      async (_title, key) => {
        const env = macEnv(h);
        await setShell('zsh', key, env);
        expect(sameKey(interactiveZsh(env, key), key)).toEqual({ exported: true, exact: true });
      },
      TIMEOUT,
    );
  });
});

// --store keychain through the real /usr/bin/security. A keychain is not redirected by HOME: the item goes
// into the login keychain of the user running the tests. So this runs only where that user is disposable —
// the macos-latest CI job sets IONQ_TEST_REAL_KEYCHAIN=1 — and it puts back (or deletes) what was there.
const realKeychain = onMac && process.env.IONQ_TEST_REAL_KEYCHAIN === '1';
if (onMac && !realKeychain) console.warn('SKIPPED: the real macOS keychain test runs only with IONQ_TEST_REAL_KEYCHAIN=1 (the macos-latest CI job): it writes to the login keychain.');
(realKeychain ? describe : describe.skip)('--store keychain with the real macOS login keychain', () => {
  let h: TempHome;
  let before: string | undefined;
  const find = (): string | undefined => {
    const r = spawnSync('/usr/bin/security', ['find-generic-password', '-s', 'ionq-env-setup', '-a', 'IONQ_API_KEY', '-w'], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.replace(/\n$/, '') : undefined;
  };
  beforeAll(() => {
    before = find();
  });
  afterAll(() => {
    spawnSync('/usr/bin/security', ['delete-generic-password', '-s', 'ionq-env-setup', '-a', 'IONQ_API_KEY'], { stdio: 'ignore' });
    // The key goes back through security -i on stdin, as the tool itself writes it.
    if (before !== undefined) spawnSync('/usr/bin/security', ['-i'], { input: `add-generic-password -U -s ionq-env-setup -a IONQ_API_KEY -w "${before.replace(/[\\"]/g, (c) => '\\' + c)}"\n` });
  });
  beforeEach(async () => {
    h = await makeTempHome();
  });
  afterEach(() => h.cleanup());

  const KEYCHAIN_KEYS = [TEST_KEY, ...SHELL_KEYS.filter((k) => /^[\x21-\x7e]+$/.test(k))];
  it.each(KEYCHAIN_KEYS.map((key, i) => [`key ${i + 1} of ${KEYCHAIN_KEYS.length}`, key] as const))(
    'the key goes into the login keychain, and new /bin/bash and /bin/zsh terminals read it exactly (%s)',
    async (_title, key) => {
      const env = macEnv(h);
      const run = await runBuilt(['--key-stdin', '--store', 'keychain', '--shell', 'bash,zsh', '--force'], { env, input: key, secrets: [key], timeoutMs: TIMEOUT });
      expect(run.code).toBe(0);
      expect(find() === key).toBe(true);
      expect(readFileSync(join(h.home, '.bash_profile'), 'utf8').includes(key)).toBe(false);
      expect(sameKey(loginBash(env, key), key)).toEqual({ exported: true, exact: true });
      expect(sameKey(interactiveZsh(env, key), key)).toEqual({ exported: true, exact: true });
    },
    TIMEOUT,
  );

  it('remove deletes the item; a new terminal then has no key', async () => {
    const env = macEnv(h);
    expect((await runBuilt(['--key-stdin', '--store', 'keychain', '--shell', 'zsh', '--force'], { env, input: TEST_KEY, secrets: [TEST_KEY], timeoutMs: TIMEOUT })).code).toBe(0);
    expect((await runBuilt(['remove', '--yes'], { env, secrets: [TEST_KEY], timeoutMs: TIMEOUT })).code).toBe(0);
    expect(find()).toBeUndefined();
    expect(interactiveZsh(env, TEST_KEY)).toBeUndefined();
  }, TIMEOUT);
});
