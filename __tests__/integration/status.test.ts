// `status` on prepared temp homes: each diagnosis, in human text and --json, with the exit code; keys only masked.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { TEST_KEY } from '../helpers/keys';
import { snapshotDir } from '../helpers/snapshot';
import { acceptingKeys, startFakeIonq } from '../helpers/fake-ionq';
import type { Runner } from '../../src/platform/system';

const OLD_KEY = 'ionqOLDkey-1111222233334444-0ld1';
const SHADOW = 'qiskitTOKEN-5555666677778888-shdw';
const SECRETS = [TEST_KEY, OLD_KEY, SHADOW];

let h: TempHome;
beforeEach(async () => {
  h = await makeTempHome();
});
afterEach(() => h.cleanup());

const write = (rel: string, text: string, mode = 0o600) => {
  mkdirSync(join(h.home, rel, '..'), { recursive: true });
  writeFileSync(join(h.home, rel), text, { mode });
  chmodSync(join(h.home, rel), mode);
};
const block = (line: string) => `# >>> ionq-env-setup >>>\n${line}\n# <<< ionq-env-setup <<<\n`;
const status = (args: string[] = [], env: Record<string, string> = {}, options: { cwd?: string; platform?: NodeJS.Platform; run?: Runner } = {}) =>
  runInProcess(['status', ...args], { env: { ...h.env, SHELL: '/bin/bash', ...env }, secrets: SECRETS, ...options });
const json = async (args: string[] = [], env: Record<string, string> = {}, options = {}) => {
  const run = await status(['--json', ...args], env, options);
  return { code: run.code, report: JSON.parse(run.stdout), stderr: run.stderr };
};
const codes = (report: { warnings: { code: string }[] }) => report.warnings.map((w) => w.code);

describe('status', () => {
  it('nothing set anywhere: exit 1, says how to save a key', async () => {
    const run = await status();
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/IONQ_API_KEY is not set/);
    expect(run.stdout).toMatch(/fix: Save your key with: npx ionq-env-setup/);
    const { code, report } = await json();
    expect(code).toBe(1);
    expect(report).toMatchObject({ ok: true, command: 'status', data: { state: 'none', places: [] } });
    expect(codes(report)).toEqual(['NO_KEY']);
  });

  it('after set, one key in every shell file: exit 0, each place masked with its line', async () => {
    const set = await runInProcess(['--key-stdin', '--shell', 'bash,zsh,fish'], { env: h.env, stdin: TEST_KEY, secrets: SECRETS });
    expect(set.code).toBe(0);
    const before = snapshotDir(h.home);
    const run = await status([], { IONQ_API_KEY: TEST_KEY });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✔ IONQ_API_KEY …zq7w: the same key everywhere it is set/);
    expect(run.stdout).toMatch(/~\/\.bashrc:4 +IONQ_API_KEY …zq7w +\(ionq-env-setup block, read by bash\)/);
    expect(run.stdout).toMatch(/~\/\.zshrc:4 +IONQ_API_KEY …zq7w/);
    expect(run.stdout).toMatch(/~\/\.config\/fish\/conf\.d\/ionq\.fish:4 +IONQ_API_KEY …zq7w/);
    expect(snapshotDir(h.home)).toEqual(before);
    const { report } = await json([], { IONQ_API_KEY: TEST_KEY });
    expect(report.data.state).toBe('consistent');
    expect(report.key).toEqual({ masked: '…zq7w', source: '$IONQ_API_KEY' });
    expect(report.data.places).toContainEqual({ kind: 'file', variable: 'IONQ_API_KEY', masked: '…zq7w', path: join(h.home, '.zshrc'), line: 4, managed: true, shells: ['zsh'], store: 'inline' });
    expect(report.data.places).toContainEqual({ kind: 'environment', variable: 'IONQ_API_KEY', masked: '…zq7w' });
    expect(report.warnings).toEqual([]);
  });

  it('two files disagree: exit 1, keys lettered so equal-looking masks are told apart', async () => {
    write('.bashrc', block(`export IONQ_API_KEY='${TEST_KEY}'`));
    write('.zshrc', `export IONQ_API_KEY="${OLD_KEY}"\n`);
    const run = await status();
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/different keys are set in different places/);
    expect(run.stdout).toMatch(/key A \(…zq7w\) in ~\/\.bashrc:2; key B \(…0ld1\) in ~\/\.zshrc:1/);
    const { report } = await json();
    expect(report.data.state).toBe('disagree');
    expect(codes(report)).toContain('PLACES_DISAGREE');
    expect(report.data.places.map((p: { keyLetter: string }) => p.keyLetter).sort()).toEqual(['A', 'B']);
  });

  it('an unmanaged line after the block overrides it: reported with file and line', async () => {
    write('.bashrc', `alias ll='ls -l'\n\n${block(`export IONQ_API_KEY='${TEST_KEY}'`)}export IONQ_API_KEY=${OLD_KEY}\n`);
    const { code, report } = await json();
    expect(code).toBe(1);
    const w = report.warnings.find((x: { code: string }) => x.code === 'OVERRIDDEN_LATER');
    expect(w).toMatchObject({ level: 'problem', path: join(h.home, '.bashrc'), line: 6 });
    expect(w.message).toMatch(/~\/\.bashrc:6 sets IONQ_API_KEY \(…0ld1\) after the ionq-env-setup block in ~\/\.bashrc, so new bash terminals get that value/);
    expect(w.fix).toMatch(/Delete line 6 of ~\/\.bashrc/);
    expect(report.data.newTerminal).toMatchObject({ masked: '…0ld1', line: 6 });
  });

  it("zsh's .zlogin, read after .zshrc, overrides the block there", async () => {
    write('.zshrc', block(`export IONQ_API_KEY='${TEST_KEY}'`));
    write('.zlogin', `export IONQ_API_KEY='${OLD_KEY}'\n`);
    const { report } = await json([], { SHELL: '/bin/zsh' });
    expect(report.warnings).toContainEqual(expect.objectContaining({ code: 'OVERRIDDEN_LATER', path: join(h.home, '.zlogin'), line: 1 }));
  });

  it('a shadowing variable, in the environment and in a file: reported with the SDK that reads it first', async () => {
    write('.bashrc', `${block(`export IONQ_API_KEY='${TEST_KEY}'`)}export CIRQ_IONQ_API_KEY='${TEST_KEY}'\n`);
    const run = await status([], { IONQ_API_KEY: TEST_KEY, QISKIT_IONQ_API_TOKEN: SHADOW });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/QISKIT_IONQ_API_TOKEN is set in this terminal's environment \(key B \(…shdw\)\); qiskit-ionq reads it before IONQ_API_KEY/);
    expect(run.stdout).toMatch(/fix: Unset it \(unset QISKIT_IONQ_API_TOKEN\)/);
    expect(run.stdout).toMatch(/CIRQ_IONQ_API_KEY is set in ~\/\.bashrc:4 .*cirq-ionq reads it before IONQ_API_KEY/);
    expect(run.stdout).toMatch(/fix: Delete line 4 of ~\/\.bashrc/);
  });

  it('this terminal has an old key: exit 1, says to open a new terminal or source the file', async () => {
    write('.bashrc', block(`export IONQ_API_KEY='${TEST_KEY}'`));
    const run = await status([], { IONQ_API_KEY: OLD_KEY });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/This terminal has key [AB] \(…0ld1\), but new terminals get key [AB] \(…zq7w\) \(from ~\/\.bashrc:2\)/);
    expect(run.stdout).toMatch(/fix: Open a new terminal, or load it here: source ~\/\.bashrc/);
  });

  it('a key in a file but not yet in this terminal: exit 0, a note to open a new terminal', async () => {
    write('.bashrc', block(`export IONQ_API_KEY='${TEST_KEY}'`));
    const { code, report } = await json();
    expect(code).toBe(0);
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'NOT_LOADED', level: 'note' })]);
  });

  it('a key file readable by group or others: chmod 600 suggested', async () => {
    write('.bashrc', block(`export IONQ_API_KEY='${TEST_KEY}'`), 0o644);
    write('.profile', 'PATH=$PATH:/opt/bin\n', 0o644);
    const { report } = await json();
    const readable = report.warnings.filter((w: { code: string }) => w.code === 'FILE_READABLE_BY_OTHERS');
    expect(readable).toEqual([expect.objectContaining({ path: join(h.home, '.bashrc'), fix: 'chmod 600 ~/.bashrc' })]);
  });

  it('broken markers: reported with the line and the fix; the file is not touched', async () => {
    write('.zshrc', `# >>> ionq-env-setup >>>\nexport IONQ_API_KEY='${TEST_KEY}'\nalias x=y\n`);
    const before = snapshotDir(h.home);
    const run = await status();
    expect(run.stdout).toMatch(/~\/\.zshrc has broken ionq-env-setup markers: a start marker without an end marker \(line 1\)/);
    expect(run.stdout).toMatch(/fix: Edit ~\/\.zshrc so that/);
    expect(snapshotDir(h.home)).toEqual(before);
  });

  it('a .env in the current folder: listed, and it wins for qiskit-ionq', async () => {
    write('.bashrc', block(`export IONQ_API_KEY='${TEST_KEY}'`));
    mkdirSync(join(h.home, 'project'));
    writeFileSync(join(h.home, 'project', '.env'), `OTHER=1\nIONQ_API_KEY=${OLD_KEY} # old one\n`, { mode: 0o600 });
    const run = await status([], { IONQ_API_KEY: TEST_KEY }, { cwd: join(h.home, 'project') });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\.env in this folder/);
    expect(run.stdout).toMatch(/~\/project\/\.env:2 +IONQ_API_KEY …0ld1/);
    expect(run.stdout).toMatch(/qiskit-ionq reads this \.env when started in this folder, and it wins over the environment/);
  });

  it('macOS: a key only in ~/.bashrc is not read by login bash', async () => {
    write('.bashrc', block(`export IONQ_API_KEY='${TEST_KEY}'`));
    write('.bash_profile', 'export PATH=$PATH\n');
    const { code, report } = await json([], {}, { platform: 'darwin' });
    expect(code).toBe(0);
    const w = report.warnings.find((x: { code: string }) => x.code === 'NOT_READ_BY_LOGIN_SHELL');
    expect(w.message).toMatch(/New bash terminals \(your login shell\) do not read any file that sets IONQ_API_KEY; it is set in ~\/\.bashrc\. macOS terminals start bash as a login shell/);
  });

  it('a value the shell computes is listed but not compared', async () => {
    write('.bashrc', `export IONQ_API_KEY="$(cat ~/.ionq-key)"\n`);
    const { code, report } = await json();
    expect(code).toBe(0);
    expect(report.data.places[0]).toMatchObject({ masked: expect.stringMatching(/^\(computed: /) });
  });

  describe('--verify', () => {
    it('checks the key in effect: valid → exit 0 and the key name; revoked → exit 3', async () => {
      const fake = await startFakeIonq(acceptingKeys({ [TEST_KEY]: { keyName: 'laptop', projectId: 'proj-42' } }));
      try {
        write('.bashrc', block(`export IONQ_API_KEY='${TEST_KEY}'`));
        const ok = await status(['--verify'], { IONQ_API_URL: fake.url });
        expect(ok.code).toBe(0);
        expect(ok.stdout).toMatch(/IonQ accepts …zq7w: key 'laptop' \(project proj-42\)/);
        expect(fake.requests.at(-1)?.authorization).toBe(`apiKey ${TEST_KEY}`);
        write('.bashrc', block(`export IONQ_API_KEY='${OLD_KEY}'`));
        const { code, report } = await json(['--verify'], { IONQ_API_URL: fake.url });
        expect(code).toBe(3);
        expect(report.data.verification).toEqual({ result: 'invalid', message: expect.stringMatching(/rejected the key …0ld1/), hint: expect.stringContaining('https://cloud.ionq.com/settings/keys') });
        expect(report.key.verified).toBe(false);
      } finally {
        await fake.close();
      }
    });
  });

  describe('on Windows', () => {
    /** A fake HKCU\Environment answering reg query per variable. */
    const registry = (values: Record<string, string>): Runner => async (file, args) => {
      const name = args[3]!;
      if (file !== 'reg' || args[0] !== 'query') return { exitCode: 1, stdout: '', stderr: '', spawnError: 'ENOENT' };
      if (!(name in values)) return { exitCode: 1, stdout: '', stderr: 'ERROR: not found\r\n' };
      return { exitCode: 0, stdout: `\r\nHKEY_CURRENT_USER\\Environment\r\n    ${name}    REG_SZ    ${values[name]}\r\n\r\n`, stderr: '' };
    };

    it('reads the user environment; an old key in this terminal is reported', async () => {
      const run = await status([], { IONQ_API_KEY: OLD_KEY }, { platform: 'win32', run: registry({ IONQ_API_KEY: TEST_KEY, PENNYLANE_IONQ_API_KEY: SHADOW }) });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/Windows user environment \(HKCU\\Environment\)\n {2}IONQ_API_KEY +…zq7w/);
      expect(run.stdout).toMatch(/new terminals get key [AB] \(…zq7w\) \(from the Windows user environment\)/);
      expect(run.stdout).toMatch(/PENNYLANE_IONQ_API_KEY is set in the Windows user environment/);
      expect(run.stdout).toMatch(/reg delete HKCU\\Environment \/v PENNYLANE_IONQ_API_KEY \/f/);
    });

    it('consistent: exit 0', async () => {
      const { code, report } = await json([], { IONQ_API_KEY: TEST_KEY }, { platform: 'win32', run: registry({ IONQ_API_KEY: TEST_KEY }) });
      expect(code).toBe(0);
      expect(report.data.places).toContainEqual({ kind: 'windows', variable: 'IONQ_API_KEY', masked: '…zq7w' });
    });

    it('reg.exe missing: reported, not a crash', async () => {
      const { report } = await json([], {}, { platform: 'win32', run: async () => ({ exitCode: -1, stdout: '', stderr: '', spawnError: 'ENOENT' }) });
      expect(codes(report)).toContain('WINDOWS_UNREADABLE');
    });
  });

  it('never prints a key held only in a file', async () => {
    write('.zshrc', `export IONQ_API_KEY='${OLD_KEY}'\n`);
    write('.config/fish/config.fish', `set -gx QISKIT_IONQ_API_TOKEN '${SHADOW}'\n`);
    const run = await status([]);
    expect(run.stdout).toMatch(/…0ld1/);
    expect(run.stdout).toMatch(/…shdw/);
    expect(readFileSync(join(h.home, '.zshrc'), 'utf8')).toContain(OLD_KEY);
  });
});
