// `remove` after `set` gives every file back byte for byte (or deletes a file the tool created), real shells
// stop seeing the key, lines the user wrote are listed and left alone, and nothing changes without a yes.
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { TEST_KEY } from '../helpers/keys';
import { snapshotDir } from '../helpers/snapshot';
import { readVarInShell, requireProgram, shellProgram, type RealShell } from '../helpers/shells';
import type { Asker } from '../../src/core/interaction';
import type { RunResult, Runner } from '../../src/platform/system';

const USER_KEY = 'ionqUSERline-aaaa1111bbbb2222-us3r';
const SECRETS = [TEST_KEY, USER_KEY];
let h: TempHome;
beforeEach(async () => {
  h = await makeTempHome();
});
afterEach(() => h.cleanup());

const set = (shells: string, env = h.env) => runInProcess(['--key-stdin', '--shell', shells], { env, stdin: TEST_KEY, secrets: SECRETS });
const remove = (args: string[] = [], extra: Partial<Parameters<typeof runInProcess>[1]> = {}) =>
  runInProcess(['remove', ...args], { env: { ...h.env, SHELL: '/bin/bash' }, secrets: SECRETS, ...extra });
const file = (rel: string) => join(h.home, rel);

/** An Asker that answers confirm() with `answer` and fails on any other question. */
const confirming = (answer: boolean, asked: string[]): (() => Asker) => () => ({
  confirm: async (message) => {
    asked.push(message);
    return answer;
  },
  secret: async () => {
    throw new Error('unexpected secret prompt');
  },
  checkbox: async () => {
    throw new Error('unexpected checkbox prompt');
  },
  select: async () => {
    throw new Error('unexpected select prompt');
  },
});

describe('remove after set', () => {
  it('gives back CRLF files, files without a final newline, and deletes files the tool created', async () => {
    const crlf = Buffer.from('alias a=b\r\nexport PATH=$PATH:/x\r\n');
    const noFinalNewline = Buffer.concat([Buffer.from('setopt autocd\n'), Buffer.from([0xff, 0xfe]), Buffer.from('\nlast line')]);
    writeFileSync(file('.bashrc'), crlf, { mode: 0o600 });
    writeFileSync(file('.zshrc'), noFinalNewline, { mode: 0o640 });
    const before = { bashrc: readFileSync(file('.bashrc')), zshrc: readFileSync(file('.zshrc')) };
    expect((await set('bash,zsh,fish,tcsh,pwsh')).code).toBe(0);
    expect(readFileSync(file('.bashrc'), 'utf8')).toContain(TEST_KEY);
    expect(existsSync(file('.config/fish/conf.d/ionq.fish'))).toBe(true);

    const run = await remove(['--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.command).toBe('remove');
    expect(report.targets.map((t: { status: string }) => t.status)).toEqual(report.targets.map(() => 'removed'));
    expect(report.targets).toHaveLength(5);
    expect(readFileSync(file('.bashrc')).equals(before.bashrc)).toBe(true);
    expect(readFileSync(file('.zshrc')).equals(before.zshrc)).toBe(true);
    expect(lstatSync(file('.zshrc')).mode & 0o777).toBe(0o640);
    for (const created of ['.config/fish/conf.d/ionq.fish', '.tcshrc', '.config/powershell/Microsoft.PowerShell_profile.ps1']) {
      expect({ created, exists: existsSync(file(created)) }).toEqual({ created, exists: false });
    }
  });

  it('a symlinked rc file stays a link, and its target gets its old bytes back', async () => {
    mkdirSync(file('dotfiles'));
    writeFileSync(file('dotfiles/bashrc'), 'export EDITOR=vim\n');
    symlinkSync(file('dotfiles/bashrc'), file('.bashrc'));
    expect((await set('bash')).code).toBe(0);
    expect(readFileSync(file('dotfiles/bashrc'), 'utf8')).toContain(TEST_KEY);
    expect((await remove()).code).toBe(0);
    expect(lstatSync(file('.bashrc')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(file('.bashrc'))).toBe(file('dotfiles/bashrc'));
    expect(readFileSync(file('dotfiles/bashrc'), 'utf8')).toBe('export EDITOR=vim\n');
  });

  it('real shells no longer see the key', async () => {
    const shells = (['bash', 'zsh', 'fish', 'tcsh', 'sh'] as RealShell[]).filter((s) => requireProgram(shellProgram(s)));
    expect((await set(shells.join(','))).code).toBe(0);
    for (const s of shells) expect({ s, v: readVarInShell(s, h.env) }).toEqual({ s, v: TEST_KEY });
    const run = await remove(['--yes']);
    expect(run.code).toBe(0);
    for (const s of shells) expect({ s, v: readVarInShell(s, h.env) }).toEqual({ s, v: undefined });
  });

  it('says that removing does not revoke the key, and how to clear this terminal', async () => {
    await set('bash');
    const run = await remove([], { env: { ...h.env, SHELL: '/bin/bash', IONQ_API_KEY: TEST_KEY } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✔ bash {2}~\/\.bashrc {2}removed/);
    expect(run.stdout).toMatch(/does not revoke the key.*revoke it in IonQ Quantum Cloud/);
    expect(run.stdout).toMatch(/This terminal still has IONQ_API_KEY.*unset IONQ_API_KEY/);
  });
});

describe('remove: scope, previews and confirmation', () => {
  it('--shell limits it to those shells; other blocks stay', async () => {
    await set('bash,zsh');
    const zshrc = readFileSync(file('.zshrc'));
    const run = await remove(['--shell', 'bash', '--json']);
    expect(JSON.parse(run.stdout).targets).toEqual([{ kind: 'shell', shell: 'bash', path: file('.bashrc'), status: 'removed' }]);
    expect(existsSync(file('.bashrc'))).toBe(false);
    expect(readFileSync(file('.zshrc')).equals(zshrc)).toBe(true);
  });

  it('--profile removes the block from the named file only', async () => {
    writeFileSync(file('custom.sh'), 'x=1\n');
    expect((await runInProcess(['--key-stdin', '--profile', file('custom.sh'), '--shell', 'bash'], { env: h.env, stdin: TEST_KEY, secrets: SECRETS })).code).toBe(0);
    await set('zsh');
    const run = await remove(['--profile', file('custom.sh'), '--shell', 'bash']);
    expect(run.code).toBe(0);
    expect(readFileSync(file('custom.sh'), 'utf8')).toBe('x=1\n');
    expect(readFileSync(file('.zshrc'), 'utf8')).toContain(TEST_KEY);
  });

  it('--dry-run shows a masked diff and changes nothing', async () => {
    writeFileSync(file('.bashrc'), 'alias a=b\n');
    await set('bash,fish');
    const before = snapshotDir(h.home);
    const run = await remove(['--dry-run']);
    expect(run.code).toBe(0);
    expect(snapshotDir(h.home)).toEqual(before);
    expect(run.stdout).toMatch(/Dry run: nothing was changed/);
    expect(run.stdout).toContain('-export IONQ_API_KEY=…zq7w');
    expect(run.stdout).toMatch(/\+\+\+ \/dev\/null/);
    const json = JSON.parse((await remove(['--dry-run', '--json'])).stdout);
    expect(json.targets.map((t: { status: string }) => t.status)).toEqual(['would-remove', 'would-remove']);
  });

  it('on a terminal it asks first: no changes nothing, yes removes', async () => {
    await set('bash');
    const before = snapshotDir(h.home);
    const asked: string[] = [];
    const tty = { stdinIsTTY: true, stdoutIsTTY: true };
    const no = await remove([], { ...tty, asker: confirming(false, asked) });
    expect(no.code).toBe(0);
    expect(no.stdout).toMatch(/Nothing was changed/);
    expect(snapshotDir(h.home)).toEqual(before);
    expect(asked).toEqual(['Remove IONQ_API_KEY from this place?']);
    expect(no.stderr).toContain('-export IONQ_API_KEY=…zq7w');
    const yes = await remove([], { ...tty, asker: confirming(true, asked) });
    expect(yes.code).toBe(0);
    expect(existsSync(file('.bashrc'))).toBe(false);
  });

  it('--yes on a terminal does not ask', async () => {
    await set('bash');
    const asked: string[] = [];
    const run = await remove(['--yes'], { stdinIsTTY: true, stdoutIsTTY: true, asker: confirming(false, asked) });
    expect(run.code).toBe(0);
    expect(asked).toEqual([]);
    expect(existsSync(file('.bashrc'))).toBe(false);
  });

  it('nothing to remove: exit 0 with a clear message, and lines the user wrote are listed, not edited', async () => {
    writeFileSync(file('.zshrc'), `export IONQ_API_KEY='${USER_KEY}'\n`);
    const before = snapshotDir(h.home);
    const run = await remove();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Nothing to remove: no ionq-env-setup block was found/);
    expect(run.stderr).toMatch(/~\/\.zshrc:1 sets IONQ_API_KEY \(…us3r\) on a line this tool did not write; it was left alone/);
    expect(snapshotDir(h.home)).toEqual(before);
  });

  it('a user line next to the block: the block goes, the line stays and is listed', async () => {
    writeFileSync(file('.bashrc'), `export IONQ_API_KEY=${USER_KEY}\n`);
    await set('bash');
    const run = await remove(['--json']);
    expect(run.code).toBe(0);
    expect(readFileSync(file('.bashrc'), 'utf8')).toBe(`export IONQ_API_KEY=${USER_KEY}\n`);
    expect(JSON.parse(run.stdout).warnings).toEqual([expect.objectContaining({ code: 'UNMANAGED_LEFT', path: file('.bashrc'), line: 1 })]);
  });

  it('broken markers anywhere: exit 1, no file changed', async () => {
    await set('bash');
    writeFileSync(file('.zshrc'), `# >>> ionq-env-setup >>>\nexport IONQ_API_KEY='${USER_KEY}'\n`);
    const before = snapshotDir(h.home);
    const run = await remove();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/~\/\.zshrc has broken ionq-env-setup markers \(a start marker without an end marker, line 1\)/);
    expect(snapshotDir(h.home)).toEqual(before);
  });

  it('an unknown --shell is a usage error (exit 2)', async () => {
    const run = await remove(['--shell', 'cmd']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Unknown shell: cmd/);
  });
});

describe('remove on Windows', () => {
  function fakeRegistry(initial?: string) {
    const state = { value: initial, calls: [] as { file: string; args: readonly string[] }[] };
    const run: Runner = async (file, args): Promise<RunResult> => {
      state.calls.push({ file, args });
      if (file === 'reg' && args[0] === 'query') {
        if (state.value === undefined || args[3] !== 'IONQ_API_KEY') return { exitCode: 1, stdout: '', stderr: 'ERROR\r\n' };
        return { exitCode: 0, stdout: `\r\nHKEY_CURRENT_USER\\Environment\r\n    IONQ_API_KEY    REG_SZ    ${state.value}\r\n`, stderr: '' };
      }
      if (file === 'reg' && args[0] === 'delete') {
        state.value = undefined;
        return { exitCode: 0, stdout: 'The operation completed successfully.\r\n', stderr: '' };
      }
      return { exitCode: -1, stdout: '', stderr: '', spawnError: 'ENOENT' };
    };
    return { state, run };
  }
  const win = (args: string[], run: Runner) => runInProcess(['remove', ...args], { env: { ...h.env }, platform: 'win32', run, secrets: SECRETS });

  it('deletes the user variable with reg delete and checks it is gone', async () => {
    const fake = fakeRegistry(TEST_KEY);
    const run = await win(['--json'], fake.run);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).targets).toEqual([{ kind: 'windows', status: 'removed' }]);
    expect(fake.state.value).toBeUndefined();
    expect(fake.state.calls).toEqual([
      { file: 'reg', args: ['query', 'HKCU\\Environment', '/v', 'IONQ_API_KEY'] },
      { file: 'reg', args: ['delete', 'HKCU\\Environment', '/v', 'IONQ_API_KEY', '/f'] },
      { file: 'reg', args: ['query', 'HKCU\\Environment', '/v', 'IONQ_API_KEY'] },
    ]);
  });

  it('--dry-run runs no reg delete; nothing set → nothing to remove', async () => {
    const fake = fakeRegistry(TEST_KEY);
    const dry = await win(['--dry-run', '--json'], fake.run);
    expect(JSON.parse(dry.stdout).targets).toEqual([{ kind: 'windows', status: 'would-remove' }]);
    expect(fake.state.calls.some((c) => c.args[0] === 'delete')).toBe(false);
    const empty = await win([], fakeRegistry().run);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/Nothing to remove: no ionq-env-setup block or user variable was found/);
  });

  it('a delete that does not take: exit 1 with the command to run by hand', async () => {
    const fake = fakeRegistry(TEST_KEY);
    const stubborn: Runner = async (file, args) => (args[0] === 'delete' ? { exitCode: 0, stdout: '', stderr: '' } : fake.run(file, args));
    const run = await win([], stubborn);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/reg delete HKCU\\Environment \/v IONQ_API_KEY \/f/);
  });
});
