// --store separate: the key lives alone in ~/.config/ionq/env (0600, folder 0700) and each shell's block
// only loads it. Real shells must still see every awkward key byte for byte; the rc files hold no key
// bytes; rotation touches only the key file; remove gives the rc files back byte for byte.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { AWKWARD_KEYS, TEST_KEY } from '../helpers/keys';
import { snapshotDir } from '../helpers/snapshot';
import { RC_FILE_OF, readVarInShell, requireProgram, shellProgram, TEST_SHELLS } from '../helpers/shells';

const present = TEST_SHELLS.filter((s) => requireProgram(shellProgram(s)));
const NEW_KEY = 'ionqROTATEDkey-0123456789abcdef-n3wk';

const FILES = RC_FILE_OF;
const rcFiles = [...new Set(present.map((s) => FILES[s]!))];
const KEY_FILE = '.config/ionq/env';

/** Every 6-byte window of the key: an rc file holding any of them holds part of the key. */
function expectNoKeyBytes(bytes: Buffer, key: string, where: string): void {
  const k = Buffer.from(key, 'utf8');
  const width = Math.min(6, k.length);
  for (let i = 0; i + width <= k.length; i++) {
    if (bytes.includes(k.subarray(i, i + width))) throw new Error(`${where} holds bytes of the key (offset ${i})`);
  }
}

const mode = (p: string) => statSync(p).mode & 0o777;

describe('--store separate with real shells', () => {
  let h: TempHome;
  beforeAll(async () => {
    h = await makeTempHome();
    // Lines of the user's own, which must come back byte for byte after remove.
    writeFileSync(join(h.home, '.bashrc'), 'alias ll="ls -l"\r\nexport PATH=$PATH:/opt/x\r\n');
    writeFileSync(join(h.home, '.zshrc'), Buffer.concat([Buffer.from('setopt autocd\n'), Buffer.from([0xff, 0xfe]), Buffer.from('\nno final newline')]));
    writeFileSync(join(h.home, '.profile'), '# my profile\numask 022\n');
  });
  afterAll(() => h.cleanup());

  const before: Record<string, Buffer | null> = {};

  it('every awkward key reaches each shell byte for byte, while the rc files hold no byte of it', async () => {
    for (const f of rcFiles) before[f] = existsSync(join(h.home, f)) ? readFileSync(join(h.home, f)) : null;
    for (const key of AWKWARD_KEYS) {
      const run = await runInProcess(['--key-stdin', '--force', '--store', 'separate', '--shell', present.join(',')], { env: h.env, stdin: key, secrets: [key] });
      expect({ key, code: run.code, stderr: run.stderr }).toEqual({ key, code: 0, stderr: '' });
      expect(readFileSync(join(h.home, KEY_FILE))).toEqual(Buffer.from(key + '\n', 'utf8'));
      for (const shell of present) {
        expect({ shell, key, value: readVarInShell(shell, h.env) }).toEqual({ shell, key, value: key });
        // Long enough keys only: a 6-byte window of a short plain key may match words of the loader.
        if (key.length >= 20 && !key.startsWith('ionq-TEST-plain')) expectNoKeyBytes(readFileSync(join(h.home, FILES[shell]!)), key, FILES[shell]!);
        expect(readFileSync(join(h.home, FILES[shell]!), 'utf8')).not.toContain(key);
      }
    }
    expect(mode(join(h.home, KEY_FILE))).toBe(0o600);
    expect(mode(join(h.home, '.config/ionq'))).toBe(0o700);
  });

  it('rotation rewrites only the key file: every rc file is byte-identical and reported unchanged', async () => {
    const rcBefore = snapshotDir(h.home);
    const run = await runInProcess(['--key-stdin', '--force', '--shell', present.join(','), '--json'], { env: h.env, stdin: NEW_KEY, secrets: [NEW_KEY] });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    const keyFileTarget = report.targets.find((t: { kind: string }) => t.kind === 'key-file');
    expect(keyFileTarget.status).toBe('updated');
    const shells = report.targets.filter((t: { kind: string }) => t.kind === 'shell');
    expect(shells.map((t: { status: string; store: string }) => [t.status, t.store])).toEqual(shells.map(() => ['unchanged', 'separate']));
    const after = snapshotDir(h.home);
    const changed = Object.keys(after).filter((k) => after[k] !== rcBefore[k]);
    expect(changed).toEqual([KEY_FILE]);
    for (const shell of present) expect(readVarInShell(shell, h.env)).toBe(NEW_KEY);
  });

  it('status shows which store each shell uses, masked', async () => {
    const run = await runInProcess(['status', '--json'], { env: { ...h.env, SHELL: '/bin/bash' }, secrets: [NEW_KEY] });
    expect(run.code).toBe(0);
    const data = JSON.parse(run.stdout).data;
    const managed = data.places.filter((p: { managed?: boolean }) => p.managed);
    expect(managed.length).toBeGreaterThan(0);
    for (const p of managed) expect(p).toMatchObject({ store: 'separate', keyFile: join(h.home, KEY_FILE), masked: '…n3wk' });
    const human = await runInProcess(['status'], { env: { ...h.env, SHELL: '/bin/bash' }, secrets: [NEW_KEY] });
    expect(human.stdout).toMatch(/~\/\.bashrc:\d+\s+IONQ_API_KEY …n3wk\s+\(ionq-env-setup block, loads ~\/\.config\/ionq\/env, read by bash\)/);
  });

  it('remove deletes the key file and every loader block, giving the rc files back byte for byte', async () => {
    const run = await runInProcess(['remove'], { env: { ...h.env, SHELL: '/bin/bash' }, secrets: [NEW_KEY] });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('~/.config/ionq/env (the key file) was deleted.');
    expect(existsSync(join(h.home, KEY_FILE))).toBe(false);
    expect(existsSync(join(h.home, '.config/ionq'))).toBe(false);
    for (const f of rcFiles) {
      if (before[f] === null) expect({ f, exists: existsSync(join(h.home, f)) }).toEqual({ f, exists: false });
      else expect({ f, same: readFileSync(join(h.home, f)).equals(before[f]!) }).toEqual({ f, same: true });
    }
    for (const shell of present) expect(readVarInShell(shell, h.env)).toBeUndefined();
  });
});

describe('--store separate: paths and switching', () => {
  let h: TempHome;
  beforeEach(async () => {
    h = await makeTempHome();
  });
  afterEach(() => h.cleanup());

  it('a home whose path has a space, a quote and a dollar still loads the key (the path is never re-parsed)', async () => {
    const parent = realpathSync(mkdtempSync(join(tmpdir(), 'ionq odd ')));
    const home = join(parent, `it's $x home`);
    mkdirSync(home);
    try {
      const env = { ...h.env, HOME: home, USERPROFILE: home };
      const key = AWKWARD_KEYS[15]!;
      const run = await runInProcess(['--key-stdin', '--store', 'separate', '--shell', present.join(',')], { env, stdin: key, secrets: [key] });
      expect(run.code).toBe(0);
      for (const shell of present) expect({ shell, value: readVarInShell(shell, env) }).toEqual({ shell, value: key });
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('switching a shell from inline to separate and back replaces its block in place', async () => {
    const zshrc = join(h.home, '.zshrc');
    writeFileSync(zshrc, 'first line\n');
    const inline = await runInProcess(['--key-stdin', '--shell', 'zsh'], { env: h.env, stdin: TEST_KEY, secrets: [TEST_KEY] });
    expect(inline.code).toBe(0);
    expect(readFileSync(zshrc, 'utf8')).toContain(`export IONQ_API_KEY='${TEST_KEY}'`);
    writeFileSync(zshrc, readFileSync(zshrc, 'utf8') + 'last line\n');

    const separate = await runInProcess(['--key-stdin', '--store', 'separate', '--shell', 'zsh'], { env: h.env, stdin: TEST_KEY, secrets: [TEST_KEY] });
    expect(separate.code).toBe(0);
    const text = readFileSync(zshrc, 'utf8');
    expect(text).not.toContain(TEST_KEY);
    expect(text.match(/# >>> ionq-env-setup >>>/g)).toHaveLength(1);
    expect(text.startsWith('first line\n\n# >>> ionq-env-setup >>>')).toBe(true);
    expect(text.endsWith('# <<< ionq-env-setup <<<\nlast line\n')).toBe(true);
    if (present.includes('zsh')) expect(readVarInShell('zsh', h.env)).toBe(TEST_KEY);

    // Without --store, the shell keeps the store its block has.
    const again = await runInProcess(['--key-stdin', '--shell', 'zsh', '--json'], { env: h.env, stdin: TEST_KEY, secrets: [TEST_KEY] });
    expect(JSON.parse(again.stdout).targets.map((t: { status: string }) => t.status)).toEqual(['unchanged', 'unchanged']);

    const back = await runInProcess(['--key-stdin', '--store', 'inline', '--shell', 'zsh'], { env: h.env, stdin: TEST_KEY, secrets: [TEST_KEY] });
    expect(back.code).toBe(0);
    const text2 = readFileSync(zshrc, 'utf8');
    expect(text2).toContain(`export IONQ_API_KEY='${TEST_KEY}'`);
    expect(text2).not.toContain('ionq/env');
    expect(text2.endsWith('# <<< ionq-env-setup <<<\nlast line\n')).toBe(true);
  });

  it('a different key in the key file is replaced only with --force; --dry-run shows the key file masked and changes nothing', async () => {
    mkdirSync(join(h.home, '.config/ionq'), { recursive: true });
    writeFileSync(join(h.home, KEY_FILE), NEW_KEY + '\n', { mode: 0o644 });
    const snap = snapshotDir(h.home);
    const dry = await runInProcess(['--key-stdin', '--store', 'separate', '--shell', 'bash', '--dry-run'], { env: h.env, stdin: TEST_KEY, secrets: [TEST_KEY, NEW_KEY] });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('-…n3wk');
    expect(dry.stdout).toContain('+…zq7w');
    expect(dry.stdout).toMatch(/A different key is set in ~\/\.config\/ionq\/env \(…n3wk\)/);
    expect(snapshotDir(h.home)).toEqual(snap);

    const refused = await runInProcess(['--key-stdin', '--store', 'separate', '--shell', 'bash'], { env: h.env, stdin: TEST_KEY, secrets: [TEST_KEY, NEW_KEY] });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/different key is already set in ~\/\.config\/ionq\/env \(…n3wk\)/);
    expect(snapshotDir(h.home)).toEqual(snap);

    const forced = await runInProcess(['--key-stdin', '--store', 'separate', '--shell', 'bash', '--force'], { env: h.env, stdin: TEST_KEY, secrets: [TEST_KEY, NEW_KEY] });
    expect(forced.code).toBe(0);
    expect(readFileSync(join(h.home, KEY_FILE), 'utf8')).toBe(TEST_KEY + '\n');
    // A key file someone loosened is made private again.
    expect(mode(join(h.home, KEY_FILE))).toBe(0o600);
  });

  it('an inline set keeps an existing key file current, so shells loading it get the same key', async () => {
    const first = await runInProcess(['--key-stdin', '--store', 'separate', '--shell', 'zsh'], { env: h.env, stdin: TEST_KEY, secrets: [TEST_KEY] });
    expect(first.code).toBe(0);
    const second = await runInProcess(['--key-stdin', '--shell', 'bash', '--force'], { env: h.env, stdin: NEW_KEY, secrets: [TEST_KEY, NEW_KEY] });
    expect(second.code).toBe(0);
    expect(readFileSync(join(h.home, KEY_FILE), 'utf8')).toBe(NEW_KEY + '\n');
    expect(readFileSync(join(h.home, '.bashrc'), 'utf8')).toContain(NEW_KEY);
    const status = await runInProcess(['status', '--json'], { env: { ...h.env, SHELL: '/bin/zsh' }, secrets: [TEST_KEY, NEW_KEY] });
    expect(JSON.parse(status.stdout).data.state).toBe('consistent');
  });

  it('remove limited to one shell keeps the key file while another block still loads it', async () => {
    expect((await runInProcess(['--key-stdin', '--store', 'separate', '--shell', 'bash,zsh'], { env: h.env, stdin: TEST_KEY, secrets: [TEST_KEY] })).code).toBe(0);
    const run = await runInProcess(['remove', '--shell', 'bash'], { env: { ...h.env, SHELL: '/bin/bash' }, secrets: [TEST_KEY] });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/~\/\.config\/ionq\/env was kept: ~\/\.zshrc still loads the key from it/);
    expect(existsSync(join(h.home, KEY_FILE))).toBe(true);
    const status = await runInProcess(['status', '--json'], { env: { ...h.env, SHELL: '/bin/zsh' }, secrets: [TEST_KEY] });
    expect(JSON.parse(status.stdout).data.state).toBe('consistent');
  });

  it('status reports a loader whose key file is gone, and a key file others can read', async () => {
    expect((await runInProcess(['--key-stdin', '--store', 'separate', '--shell', 'zsh'], { env: h.env, stdin: TEST_KEY, secrets: [TEST_KEY] })).code).toBe(0);
    chmodSync(join(h.home, KEY_FILE), 0o644);
    const loose = await runInProcess(['status', '--json'], { env: { ...h.env, SHELL: '/bin/zsh' }, secrets: [TEST_KEY] });
    expect(JSON.parse(loose.stdout).warnings.map((w: { code: string; path?: string }) => [w.code, w.path])).toContainEqual(['FILE_READABLE_BY_OTHERS', join(h.home, KEY_FILE)]);
    rmSync(join(h.home, KEY_FILE));
    const missing = await runInProcess(['status'], { env: { ...h.env, SHELL: '/bin/zsh' }, secrets: [TEST_KEY] });
    expect(missing.stdout).toMatch(/~\/\.zshrc loads the key from ~\/\.config\/ionq\/env, which does not exist/);
  });

  it('--store belongs to shell files: with another target it is a usage error and nothing is written', async () => {
    const before = snapshotDir(h.home);
    const run = await runInProcess(['--key-stdin', '--store', 'separate', '--dotenv', 'ionq.env'], { env: h.env, stdin: TEST_KEY, secrets: [TEST_KEY] });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--store chooses how shell files hold the key; it does not go with --target dotenv.');
    expect(snapshotDir(h.home)).toEqual(before);
    const bad = await runInProcess(['--key-stdin', '--store', 'elsewhere'], { env: h.env, stdin: TEST_KEY, secrets: [TEST_KEY] });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Choices: "inline", "separate"/);
  });
});
