// What `set` does to real files in a temp home: bytes around the block, links, modes, warnings.
import { chmodSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { TEST_KEY } from '../helpers/keys';
import { snapshotDir } from '../helpers/snapshot';
import { BEGIN_MARKER, END_MARKER } from '../../src/rcfile/block';

const OTHER_KEY = 'ionqOTHERkey-0000111122223333-wxyz';
let h: TempHome;
beforeEach(async () => {
  h = await makeTempHome();
});
afterEach(() => h.cleanup());

const set = (args: string[], key = TEST_KEY, env = h.env) => runInProcess(['--key-stdin', ...args], { env, stdin: key, secrets: [key, OTHER_KEY] });

describe('set on existing files', () => {
  it('keeps CRLF line endings, a missing final newline and non-UTF-8 bytes outside the block', async () => {
    const original = Buffer.concat([Buffer.from('alias a=b\r\n'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\r\nlast line')]);
    writeFileSync(join(h.home, '.bashrc'), original);
    expect((await set(['--shell', 'bash'])).code).toBe(0);
    const after = readFileSync(join(h.home, '.bashrc'));
    expect(after.subarray(0, original.length).equals(original)).toBe(true);
    // The block itself uses LF, since bash would otherwise keep a CR at the end of the key.
    expect(after.subarray(original.length).toString('utf8')).toMatch(new RegExp(`^\\n${BEGIN_MARKER}\\n[\\s\\S]*\\n${END_MARKER}\\n$`));
  });

  it('a symlinked rc file stays a link; the key goes to its target', async () => {
    mkdirSync(join(h.home, 'dotfiles'));
    writeFileSync(join(h.home, 'dotfiles', 'zshrc'), 'setopt autocd\n', { mode: 0o640 });
    symlinkSync(join(h.home, 'dotfiles', 'zshrc'), join(h.home, '.zshrc'));
    const run = await set(['--shell', 'zsh', '--json']);
    expect(run.code).toBe(0);
    expect(lstatSync(join(h.home, '.zshrc')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(h.home, '.zshrc'))).toBe(join(h.home, 'dotfiles', 'zshrc'));
    expect(readFileSync(join(h.home, 'dotfiles', 'zshrc'), 'utf8')).toMatch(/^setopt autocd\n\n# >>> ionq-env-setup >>>/);
    // The mode is kept (and a group-readable file is reported).
    expect(statSync(join(h.home, 'dotfiles', 'zshrc')).mode & 0o777).toBe(0o640);
    const warnings = JSON.parse(run.stdout).warnings.map((w: { code: string }) => w.code);
    expect(warnings).toEqual(expect.arrayContaining(['SYMLINK_TARGET', 'FILE_READABLE_BY_OTHERS']));
  });

  it('new files are created 0600 and leave no temp or lock files behind', async () => {
    expect((await set(['--shell', 'zsh,fish'])).code).toBe(0);
    expect(statSync(join(h.home, '.zshrc')).mode & 0o777).toBe(0o600);
    expect(statSync(join(h.home, '.config/fish/conf.d/ionq.fish')).mode & 0o777).toBe(0o600);
    expect(readdirSync(h.home).filter((n) => n.includes('ionq-env-setup'))).toEqual([]);
  });

  it('a different key needs --force; the block is then replaced in place', async () => {
    writeFileSync(join(h.home, '.zshrc'), 'first\n');
    expect((await set(['--shell', 'zsh'], OTHER_KEY)).code).toBe(0);
    writeFileSync(join(h.home, '.zshrc'), readFileSync(join(h.home, '.zshrc'), 'utf8') + 'last\n');
    const snapshot = snapshotDir(h.home);
    const refused = await set(['--shell', 'zsh']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/different key is already set in ~\/\.zshrc \(…wxyz\)/);
    expect(refused.stderr).toContain('--force');
    expect(snapshotDir(h.home)).toEqual(snapshot);
    const forced = await set(['--shell', 'zsh', '--force']);
    expect(forced.code).toBe(0);
    const text = readFileSync(join(h.home, '.zshrc'), 'utf8');
    expect(text.startsWith('first\n\n# >>> ionq-env-setup >>>')).toBe(true);
    expect(text.endsWith('# <<< ionq-env-setup <<<\nlast\n')).toBe(true);
    expect(text).toContain(TEST_KEY);
    expect(text).not.toContain(OTHER_KEY);
  });

  it('warns, with file and line, about an unmanaged assignment the shell reads after the block', async () => {
    expect((await set(['--shell', 'bash'])).code).toBe(0);
    writeFileSync(join(h.home, '.bashrc'), readFileSync(join(h.home, '.bashrc'), 'utf8') + 'export IONQ_API_KEY=stale-key-value-9999\nexport QISKIT_IONQ_API_TOKEN=abc-token-1234\n');
    const run = await set(['--shell', 'bash', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'OVERRIDDEN_LATER', path: join(h.home, '.bashrc'), line: 6 }),
        expect.objectContaining({ code: 'SHADOWING_VARIABLE', path: join(h.home, '.bashrc'), line: 7 }),
      ]),
    );
    expect(run.stdout).not.toContain('stale-key-value');
    expect(JSON.stringify(report.warnings)).toContain('…9999');
  });

  it("warns about zsh's .zlogin, which login shells read after .zshrc", async () => {
    writeFileSync(join(h.home, '.zlogin'), 'export IONQ_API_KEY=old-login-key-5555\n');
    const run = await set(['--shell', 'zsh', '--json']);
    expect(JSON.parse(run.stdout).warnings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'OVERRIDDEN_LATER', path: join(h.home, '.zlogin'), line: 1 })]));
  });

  it('--dry-run writes nothing and shows a masked diff', async () => {
    writeFileSync(join(h.home, '.zshrc'), 'export IONQ_API_KEY=earlier-value-1234\n');
    const snapshot = snapshotDir(h.home);
    const run = await set(['--shell', 'zsh,fish', '--dry-run']);
    expect(run.code).toBe(0);
    expect(snapshotDir(h.home)).toEqual(snapshot);
    expect(run.stdout).toContain('+export IONQ_API_KEY=…zq7w');
    expect(run.stdout).toContain(' export IONQ_API_KEY=…1234');
    expect(run.stdout).not.toContain('earlier-value');
    const json = JSON.parse((await set(['--shell', 'zsh', '--dry-run', '--json'])).stdout);
    expect(json.targets[0]).toMatchObject({ status: 'would-update', path: join(h.home, '.zshrc') });
  });

  it('a run with nothing to write still tidies what a killed run left beside the file, unless a run is live', async () => {
    expect((await set(['--shell', 'bash'])).code).toBe(0);
    const lock = join(h.home, '.bashrc.ionq-env-setup.lock');
    const temp = join(h.home, '..bashrc.ionq-env-setup-killed.tmp');
    // A live owner (this test process): its lock and temp file are left alone.
    writeFileSync(lock, `${process.pid} live\n`);
    writeFileSync(temp, 'partial', { mode: 0o600 });
    const live = await set(['--shell', 'bash', '--json']);
    expect(JSON.parse(live.stdout).targets[0].status).toBe('unchanged');
    expect(readdirSync(h.home).sort()).toEqual(['..bashrc.ionq-env-setup-killed.tmp', '.bashrc', '.bashrc.ionq-env-setup.lock']);
    // An owner that is gone: both are removed.
    writeFileSync(lock, '2147483646 gone\n');
    const tidy = await set(['--shell', 'bash', '--json']);
    expect(JSON.parse(tidy.stdout).targets[0].status).toBe('unchanged');
    expect(readdirSync(h.home)).toEqual(['.bashrc']);
  });

  it('sh and ksh share ~/.profile: one block, both shells named', async () => {
    const run = await set(['--shell', 'sh,ksh', '--json']);
    const report = JSON.parse(run.stdout);
    expect(report.targets).toHaveLength(1);
    expect(report.targets[0]).toMatchObject({ shells: ['sh', 'ksh'], path: join(h.home, '.profile'), status: 'created' });
  });

  it('tcsh uses an existing ~/.cshrc rather than creating ~/.tcshrc', async () => {
    writeFileSync(join(h.home, '.cshrc'), 'set path = ($path)\n');
    expect((await set(['--shell', 'tcsh'])).code).toBe(0);
    expect(readFileSync(join(h.home, '.cshrc'), 'utf8')).toContain("setenv IONQ_API_KEY '");
    expect(() => statSync(join(h.home, '.tcshrc'))).toThrow();
  });

  it('--profile writes the named file in the dialect of --shell', async () => {
    const run = await set(['--profile', join(h.home, 'custom.ps1'), '--json']);
    expect(run.code).toBe(0);
    expect(readFileSync(join(h.home, 'custom.ps1'), 'utf8')).toContain(`$env:IONQ_API_KEY = '${TEST_KEY}'`);
    await set(['--profile', join(h.home, 'my.csh'), '--shell', 'tcsh']);
    expect(readFileSync(join(h.home, 'my.csh'), 'utf8')).toContain(`setenv IONQ_API_KEY '${TEST_KEY}'`);
  });

  it('the JSON result follows the documented schema', async () => {
    const run = await set(['--shell', 'zsh', '--json']);
    const report = JSON.parse(run.stdout);
    expect(report).toEqual({
      ok: true,
      command: 'set',
      key: { masked: '…zq7w', source: 'standard input' },
      targets: [{ kind: 'shell', shell: 'zsh', path: join(h.home, '.zshrc'), status: 'created', store: 'inline' }],
      warnings: [],
    });
    expect(run.stderr).toBe('');
  });

  it('prints how to load the key now for the login shell', async () => {
    const run = await set([], TEST_KEY, { ...h.env, SHELL: '/usr/bin/fish' });
    expect(run.stdout).toContain('source ~/.config/fish/conf.d/ionq.fish');
    const tcsh = await set([], TEST_KEY, { ...h.env, SHELL: '/bin/tcsh' });
    expect(tcsh.stdout).toContain('source ~/.tcshrc');
  });
});

describe('failures leave everything as it was', () => {
  it('a read-only rc file: exit 1, clear message, nothing changed', async () => {
    writeFileSync(join(h.home, '.zshrc'), 'x\n');
    chmodSync(join(h.home, '.zshrc'), 0o444);
    const snapshot = snapshotDir(h.home);
    const run = await set(['--shell', 'zsh']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/~\/\.zshrc is read-only/);
    expect(snapshotDir(h.home)).toEqual(snapshot);
  });

  it('a dangling symlink: exit 1, nothing changed', async () => {
    symlinkSync(join(h.home, 'missing-target'), join(h.home, '.zshrc'));
    const snapshot = snapshotDir(h.home);
    const run = await set(['--shell', 'zsh']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/symbolic link that cannot be followed/);
    expect(snapshotDir(h.home)).toEqual(snapshot);
  });

  it('a profile path that is a directory: exit 1', async () => {
    mkdirSync(join(h.home, 'adir'));
    const run = await set(['--profile', join(h.home, 'adir')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/is a directory/);
  });

  it('broken markers are reported with their line, and the file is left alone', async () => {
    writeFileSync(join(h.home, '.zshrc'), `mine\n${BEGIN_MARKER}\nexport IONQ_API_KEY=x\n`);
    const snapshot = snapshotDir(h.home);
    const run = await set(['--shell', 'zsh']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/start marker without an end marker \(line 2\)/);
    expect(snapshotDir(h.home)).toEqual(snapshot);
  });

  it('when a second file fails, the first one is put back', async () => {
    writeFileSync(join(h.home, '.bashrc'), 'keep me\n');
    writeFileSync(join(h.home, '.zshrc'), 'x\n');
    chmodSync(join(h.home, '.zshrc'), 0o444);
    const snapshot = snapshotDir(h.home);
    const run = await set(['--shell', 'bash,zsh']);
    expect(run.code).toBe(1);
    expect(snapshotDir(h.home)).toEqual(snapshot);
  });
});
