// `set --store keychain` end to end: the built CLI against a REAL gnome-keyring on a private D-Bus bus,
// with a temp home. Every shell then reads the key from the keychain at start, no file holds it, status
// and remove know the store, and no process the CLI starts has the key in its argv (strace).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_CLI, NODE_UNDER_TEST, runBuilt, runInProcess } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { TEST_KEY } from '../helpers/keys';
import { execsUnderStrace, expectNoFileHolds, expectNoKey } from '../helpers/leak';
import { hasKeyringTools, startKeyring, type Keyring } from '../helpers/keyring';
import { RC_FILE_OF, readVarInShell, requireProgram, shellProgram, TEST_SHELLS } from '../helpers/shells';
import { snapshotDir } from '../helpers/snapshot';
import { acceptingKeys, startFakeIonq } from '../helpers/fake-ionq';
import { confirm, scriptedAsker, secret, select } from '../helpers/scripted-asker';
import { KEYCHAIN_NOTE } from '../../src/targets/shell/block-body';

const OTHER_KEY = "ionq'OTHER$key\\-0000111122223333-wxyz";
const withKeyring = hasKeyringTools() ? describe : describe.skip;

withKeyring('--store keychain (real gnome-keyring)', () => {
  let h: TempHome;
  let kr: Keyring;
  let env: Record<string, string>;
  beforeEach(async () => {
    h = await makeTempHome();
    kr = await startKeyring(h.home);
    env = { ...h.env, ...kr.env, SHELL: '/bin/bash' };
  });
  afterEach(async () => {
    await kr.stop();
    await h.cleanup();
  });

  const lookup = (): string | undefined => {
    const r = spawnSync('secret-tool', ['lookup', 'service', 'ionq-env-setup', 'account', 'IONQ_API_KEY'], { env, encoding: 'utf8' });
    return r.status === 0 ? r.stdout : undefined;
  };
  const set = (args: string[], key = TEST_KEY) => runBuilt(['--key-stdin', '--store', 'keychain', ...args], { env, input: key, secrets: [key, TEST_KEY, OTHER_KEY] });

  it('every shell gets the key from the keychain; its file holds only the loader; no file under the home holds the key', async () => {
    const shells = TEST_SHELLS.filter((s) => s !== 'bash-login' && requireProgram(shellProgram(s)));
    const run = await set(['--shell', shells.join(','), '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.targets.find((t: { kind: string }) => t.kind === 'keychain')).toMatchObject({ status: 'created' });
    expect(lookup()).toBe(TEST_KEY);
    for (const shell of shells) {
      const text = readFileSync(join(h.home, RC_FILE_OF[shell]!), 'utf8');
      expect(text).toContain(KEYCHAIN_NOTE);
      expect({ shell, sees: readVarInShell(shell, env) }).toEqual({ shell, sees: TEST_KEY });
    }
    expectNoFileHolds(h.home, TEST_KEY);
  });

  it('a new key (with quotes, $ and a backslash) replaces the item in place; the shell file does not change', async () => {
    expect((await set(['--shell', 'bash'])).code).toBe(0);
    const bashrc = readFileSync(join(h.home, '.bashrc'), 'utf8');
    const refused = await set(['--shell', 'bash'], OTHER_KEY);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/different key is already set in the keychain \(ionq-env-setup\) \(…zq7w\)/);
    const rotated = await set(['--shell', 'bash', '--force', '--json'], OTHER_KEY);
    expect(rotated.code).toBe(0);
    expect(JSON.parse(rotated.stdout).targets).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'keychain', status: 'updated' }), expect.objectContaining({ kind: 'shell', status: 'unchanged' })]));
    expect(readFileSync(join(h.home, '.bashrc'), 'utf8')).toBe(bashrc);
    expect(lookup()).toBe(OTHER_KEY);
    const items = spawnSync('secret-tool', ['search', '--all', 'service', 'ionq-env-setup'], { env, encoding: 'utf8' }).stdout.split('\n').filter((l) => l.startsWith('['));
    expect(items).toHaveLength(1);
    if (requireProgram('bash')) expect(readVarInShell('bash', env)).toBe(OTHER_KEY);
  });

  it('status shows the keychain, readable now, and which shells load it; --verify checks the stored key', async () => {
    expect((await set(['--shell', 'bash,zsh'])).code).toBe(0);
    const fake = await startFakeIonq(acceptingKeys({ [TEST_KEY]: { keyName: 'laptop', projectId: 'p' } }));
    try {
      const run = await runBuilt(['status', '--verify', '--json'], { env: { ...env, IONQ_API_URL: fake.url }, secrets: [TEST_KEY] });
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report.data.keychain).toEqual({ readable: true, masked: '…zq7w', loadedBy: [join(h.home, '.bashrc'), join(h.home, '.zshrc')], shells: ['bash', 'zsh'] });
      expect(report.data.places).toEqual(expect.arrayContaining([expect.objectContaining({ path: join(h.home, '.bashrc'), store: 'keychain', masked: '…zq7w' })]));
      expect(report.data.verification).toEqual({ result: 'valid' });
      expect(fake.requests.map((r) => r.authorization)).toEqual([`apiKey ${TEST_KEY}`]);
      const human = await runBuilt(['status'], { env, secrets: [TEST_KEY] });
      expect(human.stdout).toMatch(/OS keychain[^\n]*\n {2}keychain {2}…zq7w, readable now/);
      expect(human.stdout).toContain('reads the OS keychain');
    } finally {
      await fake.close();
    }
  });

  it('a locked keyring: shells start without the key, status says the keychain cannot be read now, set stops (exit 1) changing nothing', async () => {
    expect((await set(['--shell', 'bash'])).code).toBe(0);
    kr.lock();
    const status = await runBuilt(['status', '--json'], { env, secrets: [TEST_KEY] });
    const report = JSON.parse(status.stdout);
    expect(report.data.keychain.readable).toBe(false);
    expect(report.warnings.map((w: { code: string }) => w.code)).toContain('KEYCHAIN_UNREADABLE');
    const before = snapshotDir(h.home);
    const run = await set(['--shell', 'bash', '--force'], OTHER_KEY);
    expect(run.code).toBe(1);
    expect(snapshotDir(h.home)).toEqual(before);
    if (requireProgram('bash')) expect(readVarInShell('bash', env)).toBeUndefined();
  });

  it('moving between stores leaves no stray copy: separate → keychain deletes the key file, keychain → inline the item', async () => {
    expect((await runBuilt(['--key-stdin', '--store', 'separate', '--shell', 'bash'], { env, input: TEST_KEY, secrets: [TEST_KEY] })).code).toBe(0);
    expect(existsSync(join(h.home, '.config/ionq/env'))).toBe(true);
    const toKeychain = await set(['--shell', 'bash', '--json']);
    expect(toKeychain.code).toBe(0);
    expect(JSON.parse(toKeychain.stdout).targets).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'key-file', status: 'removed' }), expect.objectContaining({ kind: 'keychain', status: 'created' })]));
    expect(existsSync(join(h.home, '.config/ionq/env'))).toBe(false);
    const toInline = await runBuilt(['--key-stdin', '--store', 'inline', '--shell', 'bash', '--json'], { env, input: TEST_KEY, secrets: [TEST_KEY] });
    expect(toInline.code).toBe(0);
    expect(JSON.parse(toInline.stdout).targets).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'keychain', status: 'removed' })]));
    expect(lookup()).toBeUndefined();
    if (requireProgram('bash')) expect(readVarInShell('bash', env)).toBe(TEST_KEY);
  });

  it('keychain → inline with the keyring locked: the file changes, the item cannot be deleted and the warning says so', async () => {
    expect((await set(['--shell', 'bash'])).code).toBe(0);
    kr.lock();
    const toInline = await runBuilt(['--key-stdin', '--store', 'inline', '--shell', 'bash', '--json'], { env, input: TEST_KEY, secrets: [TEST_KEY] });
    expect(toInline.code).toBe(0);
    const report = JSON.parse(toInline.stdout);
    expect(report.targets.map((t: { kind: string }) => t.kind)).not.toContain('keychain');
    expect(report.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'KEYCHAIN_UNREADABLE', message: expect.stringContaining('No shell reads the key from the keychain any more') })]));
    if (requireProgram('bash')) expect(readVarInShell('bash', env)).toBe(TEST_KEY);
    await kr.unlock();
    // Still there, for `remove` to delete once the keyring is open.
    expect(lookup()).toBe(TEST_KEY);
  });

  it('leaving the keychain asks it once: the scan for other readers reads the item, and its deletion uses that read', async () => {
    if (!requireProgram('strace')) return;
    expect((await set(['--shell', 'bash'])).code).toBe(0);
    const toInline = await execsUnderStrace(NODE_UNDER_TEST, [BUILT_CLI, '--key-stdin', '--store', 'inline', '--shell', 'bash'], { env, input: TEST_KEY });
    expect(toInline.code).toBe(0);
    // The secret-tool runs in order, counted where the exec succeeded (before that, each PATH folder without
    // secret-tool shows a failed one): one search to plan, the clear, one search to check the clear.
    const runs = toInline.execs
      .split('\n')
      .filter((l) => / = 0$/.test(l))
      .map((l) => /execve\("[^"]*secret-tool", \["secret-tool", "(\w+)"/.exec(l)?.[1])
      .filter((verb) => verb !== undefined);
    expect(runs).toEqual(['search', 'clear', 'search']);
    expect(lookup()).toBeUndefined();
  });

  it('remove deletes the blocks and the item; a new shell then has no key', async () => {
    expect((await set(['--shell', 'bash,zsh'])).code).toBe(0);
    const run = await runBuilt(['remove', '--yes', '--json'], { env, secrets: [TEST_KEY] });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).targets).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'keychain', status: 'removed' })]));
    expect(lookup()).toBeUndefined();
    expect(readdirSync(h.home).filter((n) => n.startsWith('.bashrc') || n.startsWith('.zshrc'))).toEqual([]);
    if (requireProgram('bash')) expect(readVarInShell('bash', env)).toBeUndefined();
  });

  it('an rc file in a git repository that only reads the keychain is safe to commit: no warning, no finding', async () => {
    const repo = join(h.home, 'dotfiles');
    mkdirSync(repo);
    execFileSync('git', ['init', '-q', repo]);
    writeFileSync(join(repo, 'bashrc'), '# mine\n');
    symlinkSync(join(repo, 'bashrc'), join(h.home, '.bashrc'));
    const run = await set(['--shell', 'bash', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).warnings.map((w: { code: string }) => w.code)).not.toEqual(expect.arrayContaining(['INLINE_IN_GIT', 'STORE_SEPARATE_GIT']));
    expect(readFileSync(join(repo, 'bashrc'), 'utf8')).not.toContain(TEST_KEY);
    const status = JSON.parse((await runBuilt(['status', '--json'], { env, secrets: [TEST_KEY] })).stdout);
    expect(status.data.git).toEqual([]);
  });

  it('no process the CLI starts has the key in its argv: set, status and remove under strace -f', async () => {
    if (!requireProgram('strace')) return;
    for (const [name, argv, input] of [
      ['set', ['--key-stdin', '--store', 'keychain', '--shell', 'bash'], TEST_KEY],
      ['status', ['status'], ''],
      ['remove', ['remove', '--yes'], ''],
    ] as const) {
      const r = await execsUnderStrace(NODE_UNDER_TEST, [BUILT_CLI, ...argv], { env, input });
      expect({ name, code: r.code }).toEqual({ name, code: 0 });
      expect(r.execs).toContain('secret-tool');
      expectNoKey(r.execs, TEST_KEY, `the argv of a process that ${name} started`);
    }
  });

  it('the guided setup offers the keychain first where one works (Enter keeps it)', async () => {
    const fake = await startFakeIonq(acceptingKeys({ [TEST_KEY]: { keyName: 'laptop', projectId: 'p' } }));
    try {
      const asker = scriptedAsker([
        secret(/Paste your IonQ API key/, TEST_KEY),
        select(/Where should the key itself be kept\?/, 'keychain', 'keychain', (choices) => expect(choices.map((c) => c.value)).toEqual(['keychain', 'separate', 'inline'])),
        confirm(/Make these changes\?/, true),
      ]);
      const run = await runInProcess(['--shell', 'bash'], { env: { ...env, TERM: 'xterm', NO_COLOR: '1', IONQ_API_URL: fake.url }, stdinIsTTY: true, stdoutIsTTY: true, asker: asker.factory, secrets: [TEST_KEY] });
      asker.finish();
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('store the key …zq7w in the OS keychain');
      expect(lookup()).toBe(TEST_KEY);
      // Next time the block already keeps the key in the keychain: no question about it again.
      const again = scriptedAsker([select(/Which key should new terminals get\?/, (choices: readonly { value: unknown }[]) => choices[0]!.value)]);
      const rerun = await runInProcess(['--shell', 'bash'], { env: { ...env, TERM: 'xterm', NO_COLOR: '1', IONQ_API_URL: fake.url }, stdinIsTTY: true, stdoutIsTTY: true, asker: again.factory, secrets: [TEST_KEY] });
      again.finish();
      expect(rerun.code).toBe(0);
      expect(again.asked.some((m) => /Where should the key/.test(m))).toBe(false);
    } finally {
      await fake.close();
    }
  });
});

describe('--store keychain where no keychain can be used', () => {
  let h: TempHome;
  beforeEach(async () => {
    h = await makeTempHome();
  });
  afterEach(() => h.cleanup());

  it('without a D-Bus session (SSH, a container): exit 1 with the reason, nothing changed, nothing run', async () => {
    const before = snapshotDir(h.home);
    const run = await runBuilt(['--key-stdin', '--store', 'keychain', '--shell', 'bash'], { env: { ...h.env, SHELL: '/bin/bash' }, input: TEST_KEY, secrets: [TEST_KEY] });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/No keychain can be used here: there is no D-Bus session bus/);
    expect(run.stderr).toContain('--store separate');
    expect(snapshotDir(h.home)).toEqual(before);
  });

  it('on Windows: exit 2, because programs there read the registry, not Credential Manager', async () => {
    const run = await runInProcess(['--key-stdin', '--store', 'keychain', '--target', 'shell', '--shell', 'bash'], { env: { ...h.env, USERPROFILE: h.home }, platform: 'win32', stdin: TEST_KEY, secrets: [TEST_KEY] });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not available on Windows: programs there take their environment from the registry, not from Credential Manager/);
  });
});
