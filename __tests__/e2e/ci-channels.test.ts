// The built CLI inside each CI, given that CI's variables and files in a temp dir; the result is then read
// the way the runner reads it: $GITHUB_ENV through the runner's parser, Azure's logging command through
// the agent's, $BASH_ENV by a real bash, a dotenv file by `set -a; .` in real POSIX shells.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_CLI, NODE_UNDER_TEST, runBuilt } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { AWKWARD_KEYS, TEST_KEY } from '../helpers/keys';
import { expectNoKey } from '../helpers/leak';
import { snapshotDir } from '../helpers/snapshot';
import { readVarInShell, requireModule, requireProgram } from '../helpers/shells';
import { parseEnv } from 'node:util';
import dotenv from 'dotenv';
import { acceptingKeys, startFakeIonq, type FakeIonq } from '../helpers/fake-ionq';
import { expectKeyOnlyInCommands, githubEnvOf, parseAzureCommand, parseGithubCommand, parseGithubFile } from '../helpers/ci-runners';

let h: TempHome;
let work: string;
beforeEach(async () => {
  h = await makeTempHome();
  work = join(h.home, 'work');
  mkdirSync(work);
});
afterEach(() => h.cleanup());

// stdin must not be a socket (Node's default pipe): Debian's bash then thinks sshd started it and reads
// ~/.bashrc instead of $BASH_ENV.
const SHELL_IO = { stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'] };

const isMask = (line: string): boolean => line.startsWith('::add-mask::');
const isAzureSecret = (line: string): boolean => line.startsWith('##vso[task.setvariable');

function githubEnv(extra: Record<string, string> = {}): { env: Record<string, string>; envFile: string } {
  const runnerDir = join(h.home, 'runner');
  mkdirSync(runnerDir, { recursive: true });
  const envFile = join(runnerDir, 'set_env_1234');
  if (!existsSync(envFile)) writeFileSync(envFile, '');
  return { envFile, env: { ...h.env, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_ENV: envFile, ...extra } };
}

/** Runs the built CLI with stdout and stderr into one file, as a log shows them: order across both is kept. */
function runMerged(argv: string[], env: Record<string, string>): Promise<{ code: number; log: string }> {
  const logFile = join(h.home, `log-${Date.now()}-${Math.random()}`);
  const fd = openSync(logFile, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(NODE_UNDER_TEST, [BUILT_CLI, ...argv], { env, cwd: work, stdio: ['ignore', fd, fd] });
    child.on('error', reject);
    child.on('close', (code) => {
      closeSync(fd);
      resolve({ code: code ?? -1, log: readFileSync(logFile, 'utf8') });
    });
  });
}

describe('GitHub Actions', () => {
  it('every awkward key reaches $GITHUB_ENV exactly, masked first, printed nowhere else', async () => {
    for (const key of AWKWARD_KEYS) {
      const { env, envFile } = githubEnv();
      writeFileSync(envFile, 'EARLIER=one\n');
      const run = await runBuilt(['--from-env', 'IONQ_SECRET', '--no-verify'], { env: { ...env, IONQ_SECRET: key }, cwd: work });
      expect(run.code).toBe(0);
      const first = run.stdout.split('\n')[0]!;
      expect(parseGithubCommand(first)).toEqual({ command: 'add-mask', properties: {}, data: key });
      expect(expectKeyOnlyInCommands(run.stdout, key, isMask)).toEqual([first]);
      expectNoKey(run.stderr, key, 'stderr');
      const vars = githubEnvOf(readFileSync(envFile, 'utf8'));
      expect(vars.get('IONQ_API_KEY')).toBe(key);
      expect(vars.get('EARLIER')).toBe('one');
    }
  });

  it('the add-mask line comes before any other output, on stdout or stderr', async () => {
    const fake = await startFakeIonq(acceptingKeys({ [TEST_KEY]: { keyName: 'ci', projectId: 'p' } }));
    try {
      const { env } = githubEnv({ IONQ_SECRET: TEST_KEY, IONQ_API_URL: fake.url });
      const ok = await runMerged(['--from-env', 'IONQ_SECRET', '--verify'], env);
      expect(ok.code).toBe(0);
      const lines = ok.log.split('\n');
      expect(lines[0]).toBe(`::add-mask::${TEST_KEY}`);
      expect(lines.slice(1).join('\n')).toMatch(/Checking the key with IonQ/);
      expectNoKey(lines.slice(1).join('\n'), TEST_KEY);
    } finally {
      await fake.close();
    }
  });

  it('two runs use different delimiters, and the runner reads both entries', async () => {
    const { env, envFile } = githubEnv({ IONQ_SECRET: TEST_KEY });
    for (let i = 0; i < 2; i++) expect((await runBuilt(['--from-env', 'IONQ_SECRET', '--no-verify'], { env, cwd: work })).code).toBe(0);
    const text = readFileSync(envFile, 'utf8');
    const delimiters = [...text.matchAll(/^IONQ_API_KEY<<(ghadelimiter_[0-9a-f-]{36})$/gm)].map((m) => m[1]);
    expect(delimiters).toHaveLength(2);
    expect(delimiters[0]).not.toBe(delimiters[1]);
    expect(parseGithubFile(text)).toEqual([
      ['IONQ_API_KEY', TEST_KEY],
      ['IONQ_API_KEY', TEST_KEY],
    ]);
    expect(text).not.toContain('\r');
  });

  it('an earlier step\'s unterminated last line is ended first, so both entries survive', async () => {
    const { env, envFile } = githubEnv({ IONQ_SECRET: TEST_KEY });
    writeFileSync(envFile, 'FROM_EARLIER_STEP=x');
    expect((await runBuilt(['--from-env', 'IONQ_SECRET', '--no-verify'], { env, cwd: work })).code).toBe(0);
    const vars = githubEnvOf(readFileSync(envFile, 'utf8'));
    expect(vars.get('FROM_EARLIER_STEP')).toBe('x');
    expect(vars.get('IONQ_API_KEY')).toBe(TEST_KEY);
  });

  it('--json: the add-mask line, then one JSON document (what a consumer of stdout gets)', async () => {
    const { env, envFile } = githubEnv({ IONQ_SECRET: TEST_KEY });
    const run = await runBuilt(['--from-env', 'IONQ_SECRET', '--no-verify', '--json'], { env, cwd: work });
    expect(run.code).toBe(0);
    const [first, ...rest] = run.stdout.split('\n');
    expect(first).toBe(`::add-mask::${TEST_KEY}`);
    const doc = JSON.parse(rest.join('\n'));
    expect(doc).toMatchObject({ ok: true, key: { masked: '…zq7w' }, targets: [{ kind: 'github', path: envFile, status: 'updated' }] });
    expectNoKey(rest.join('\n'), TEST_KEY);
    expect(run.stderr).toBe('');
  });

  describe('verification (on by default in CI)', () => {
    let fake: FakeIonq;
    beforeEach(async () => {
      fake = await startFakeIonq(acceptingKeys({ [TEST_KEY]: { keyName: 'ci-key', projectId: 'proj-7' } }));
    });
    afterEach(() => fake.close());

    it('a valid key is checked without being asked for', async () => {
      const { env } = githubEnv({ IONQ_SECRET: TEST_KEY, IONQ_API_URL: fake.url });
      const run = await runBuilt(['--from-env', 'IONQ_SECRET'], { env, cwd: work });
      expect(run.code).toBe(0);
      expect(fake.requests).toHaveLength(1);
      expect(run.stdout).toMatch(/accepted by IonQ: key 'ci-key' \(project proj-7\)/);
    });

    it('a rejected key exits 3 with an ::error:: annotation, still masked, nothing written', async () => {
      const bad = 'ionqREVOKEDkey-aaaabbbbccccdddd-0000';
      const { env, envFile } = githubEnv({ IONQ_SECRET: bad, IONQ_API_URL: fake.url });
      const run = await runBuilt(['--from-env', 'IONQ_SECRET'], { env, cwd: work });
      expect(run.code).toBe(3);
      const lines = expectKeyOnlyInCommands(run.stdout, bad, isMask);
      expect(lines).toEqual([`::add-mask::${bad}`]);
      const annotation = run.stdout.split('\n').map(parseGithubCommand).find((c) => c?.command === 'error');
      expect(annotation?.data).toMatch(/IonQ rejected the key …0000/);
      expectNoKey(run.stderr, bad);
      expect(readFileSync(envFile, 'utf8')).toBe('');
    });

    it('an unreachable API exits 4 unless --no-verify', async () => {
      await fake.close();
      const { env, envFile } = githubEnv({ IONQ_SECRET: TEST_KEY, IONQ_API_URL: fake.url });
      const run = await runBuilt(['--from-env', 'IONQ_SECRET'], { env, cwd: work });
      expect(run.code).toBe(4);
      expect(run.stdout).toMatch(/^::error title=ionq-env-setup::Could not verify the key/m);
      expect(readFileSync(envFile, 'utf8')).toBe('');
      const skipped = await runBuilt(['--from-env', 'IONQ_SECRET', '--no-verify'], { env, cwd: work });
      expect(skipped.code).toBe(0);
      expect(githubEnvOf(readFileSync(envFile, 'utf8')).get('IONQ_API_KEY')).toBe(TEST_KEY);
      fake = await startFakeIonq();
    });
  });
});

describe('Azure Pipelines', () => {
  const azureEnv = (key: string) => ({ ...h.env, TF_BUILD: 'True', IONQ_SECRET: key });

  it('every awkward key becomes a secret variable the agent reads back exactly', async () => {
    for (const key of AWKWARD_KEYS) {
      const run = await runBuilt(['--from-env', 'IONQ_SECRET', '--no-verify'], { env: azureEnv(key), cwd: work });
      expect(run.code).toBe(0);
      const [command] = expectKeyOnlyInCommands(run.stdout, key, isAzureSecret);
      expect(parseAzureCommand(command!)).toEqual({ command: 'task.setvariable', properties: { variable: 'IONQ_API_KEY', issecret: 'true' }, data: key });
      expectNoKey(run.stderr, key);
      expect(run.stdout).toContain('IONQ_API_KEY: $(IONQ_API_KEY)');
      expect(run.stdout).not.toContain('::add-mask::');
    }
    expect(snapshotDir(work)).toEqual({});
  });

  it('a rejected key exits 3 with a logissue error and sets no variable', async () => {
    const fake = await startFakeIonq(acceptingKeys({}));
    try {
      const bad = 'ionqREVOKEDkey-aaaabbbbccccdddd-1111';
      const run = await runBuilt(['--from-env', 'IONQ_SECRET'], { env: { ...azureEnv(bad), IONQ_API_URL: fake.url }, cwd: work, secrets: [bad] });
      expect(run.code).toBe(3);
      const issue = run.stdout.split('\n').map(parseAzureCommand).find((c) => c?.command === 'task.logissue');
      expect(issue).toMatchObject({ properties: { type: 'error' } });
      expect(issue?.data).toMatch(/rejected the key …1111/);
      expect(run.stdout).not.toContain('task.setvariable');
    } finally {
      await fake.close();
    }
  });
});

describe('CircleCI', () => {
  it('every awkward key is in $BASH_ENV (created 0600) and a later step\'s bash sees it exactly', async () => {
    if (!requireProgram('bash')) return;
    for (const [i, key] of AWKWARD_KEYS.entries()) {
      const bashEnv = join(h.home, `bash_env_${i}`);
      const env = { ...h.env, CI: 'true', CIRCLECI: 'true', BASH_ENV: bashEnv, IONQ_SECRET: key };
      const run = await runBuilt(['--from-env', 'IONQ_SECRET', '--no-verify'], { env, cwd: work, secrets: [key] });
      expect(run.code).toBe(0);
      expect(statSync(bashEnv).mode & 0o777).toBe(0o600);
      // CircleCI starts each step's bash with BASH_ENV set; a non-interactive bash sources it first.
      const seen = execFileSync('bash', ['-c', 'printf %s "$IONQ_API_KEY"'], { ...SHELL_IO, env: { PATH: h.env.PATH, HOME: h.home, BASH_ENV: bashEnv } });
      expect(seen.toString('utf8')).toBe(key);
    }
  });

  it('keeps what earlier steps appended, even without a final newline', async () => {
    if (!requireProgram('bash')) return;
    const bashEnv = join(h.home, 'bash_env');
    writeFileSync(bashEnv, 'export EARLIER=one', { mode: 0o644 });
    const env = { ...h.env, CI: 'true', CIRCLECI: 'true', BASH_ENV: bashEnv, IONQ_SECRET: TEST_KEY };
    expect((await runBuilt(['--from-env', 'IONQ_SECRET', '--no-verify'], { env, cwd: work, secrets: [TEST_KEY] })).code).toBe(0);
    const seen = execFileSync('bash', ['-c', 'printf %s:%s "$EARLIER" "$IONQ_API_KEY"'], { ...SHELL_IO, env: { PATH: h.env.PATH, HOME: h.home, BASH_ENV: bashEnv } });
    expect(seen.toString('utf8')).toBe(`one:${TEST_KEY}`);
  });
});

describe('CI without a channel', () => {
  it.each([
    ['GitLab CI', { GITLAB_CI: 'true', CI: 'true' }, /GitLab CI has no channel/],
    ['Jenkins', { JENKINS_URL: 'http://jenkins/', BUILD_NUMBER: '7' }, /Jenkins/],
    ['an unknown CI', { CI: 'true' }, /This CI system/],
    ['GitHub Actions inside a container (no GITHUB_ENV file)', { GITHUB_ACTIONS: 'true', GITHUB_ENV: '/nonexistent/env' }, /GITHUB_ENV does not name a file/],
  ])('%s: exit 2 with the choices, nothing written', async (_name, vars, reason) => {
    const before = snapshotDir(h.home);
    const env = { ...h.env, ...vars, IONQ_SECRET: TEST_KEY } as Record<string, string>;
    const run = await runBuilt(['--from-env', 'IONQ_SECRET'], { env, cwd: work });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(reason);
    expect(run.stderr).toMatch(/Nothing was written/);
    expect(run.stderr).toMatch(/--dotenv ionq\.env && set -a && \. \.\/ionq\.env && set \+a/);
    expect(run.stderr).toMatch(/map the CI secret to IONQ_API_KEY/);
    expect(snapshotDir(h.home)).toEqual(before);
    // Only GitHub gets the mask (the key was known before the target was refused); elsewhere no key at all.
    expectKeyOnlyInCommands(run.stdout, TEST_KEY, isMask);
    expectNoKey(run.stderr, TEST_KEY);
  });

  it('--target shell still writes the shell file in CI', async () => {
    const env = { ...h.env, GITLAB_CI: 'true', CI: 'true', IONQ_SECRET: TEST_KEY };
    const run = await runBuilt(['--from-env', 'IONQ_SECRET', '--target', 'shell', '--shell', 'bash'], { env, cwd: work, secrets: [TEST_KEY] });
    expect(run.code).toBe(0);
    if (requireProgram('bash')) expect(readVarInShell('bash', h.env)).toBe(TEST_KEY);
  });
});

describe('--dotenv PATH', () => {
  // The readers a dotenv file meets, run for real on every awkward key. Each key is either written in a
  // form all of them read back exactly, or refused with exit 2 and no file: never one some reader misreads.
  it('every awkward key is read back exactly by sh, bash, Node --env-file, npm dotenv, python-dotenv and direnv, or refused (exit 2, no file)', async () => {
    const shells = ['bash', 'sh'].filter((s) => requireProgram(s));
    const written: { key: string; file: string }[] = [];
    const refused: string[] = [];
    for (const [i, key] of AWKWARD_KEYS.entries()) {
      const env = { ...h.env, GITLAB_CI: 'true', CI: 'true', IONQ_SECRET: key };
      const file = `ionq-${i}.env`;
      const run = await runBuilt(['--from-env', 'IONQ_SECRET', '--dotenv', file], { env, cwd: work, secrets: [key] });
      if (run.code === 2) {
        expect(run.stderr).toMatch(/dotenv readers .* read differently/);
        expect(existsSync(join(work, file))).toBe(false);
        refused.push(key);
        continue;
      }
      expect(run.code).toBe(0);
      expect(statSync(join(work, file)).mode & 0o777).toBe(0o600);
      written.push({ key, file: join(work, file) });
    }
    // Refused: exactly the keys with a backslash, or with ' or ${ together with " $ or ` (no IonQ key has any).
    expect(refused).toEqual(AWKWARD_KEYS.filter((k) => /\\/.test(k) || (/'|\$\{/.test(k) && /["$`]/.test(k))));
    expect(written.length).toBeGreaterThanOrEqual(14);
    const files = written.map((w) => w.file);
    const seen: Record<string, string[]> = {};
    for (const shell of shells) {
      seen[shell] = files.map((f) => execFileSync(shell, ['-c', `set -a; . "$1"; set +a; printenv IONQ_API_KEY`, shell, f], { ...SHELL_IO, env: { PATH: h.env.PATH, HOME: h.home } }).toString('utf8').replace(/\n$/, ''));
    }
    seen['node --env-file'] = files.map((f) => execFileSync(process.execPath, [`--env-file=${f}`, '-e', 'process.stdout.write(process.env.IONQ_API_KEY ?? "<unset>")'], { ...SHELL_IO, env: { PATH: h.env.PATH } }).toString('utf8'));
    seen['util.parseEnv'] = files.map((f) => parseEnv(readFileSync(f, 'utf8')).IONQ_API_KEY ?? '<unset>');
    seen['npm dotenv'] = files.map((f) => dotenv.parse(readFileSync(f)).IONQ_API_KEY ?? '<unset>');
    if (requireModule('python3', 'dotenv')) {
      const script = 'import sys, json\nfrom dotenv import dotenv_values\nsys.stdout.write(json.dumps([dotenv_values(f).get("IONQ_API_KEY") or "<unset>" for f in sys.argv[1:]]))';
      seen['python-dotenv'] = JSON.parse(execFileSync('python3', ['-c', script, ...files], { ...SHELL_IO, env: { PATH: h.env.PATH, HOME: h.home } }).toString('utf8'));
    }
    if (requireProgram('direnv')) {
      seen.direnv = files.map((f) => JSON.parse(execFileSync('direnv', ['dotenv', 'json', f], { ...SHELL_IO, env: { PATH: h.env.PATH, HOME: h.home } }).toString('utf8')).IONQ_API_KEY ?? '<unset>');
    }
    const keys = written.map((w) => w.key);
    for (const [reader, values] of Object.entries(seen)) expect({ reader, values }).toEqual({ reader, values: keys });
  });

  it("a key with ' (and none of \" \\ $ `) is written in double quotes, which every reader takes literally", async () => {
    const key = "sq'TEST'0002'quote";
    const run = await runBuilt(['--from-env', 'IONQ_SECRET', '--dotenv', 'q.env'], { env: { ...h.env, IONQ_SECRET: key }, cwd: work, secrets: [key] });
    expect(run.code).toBe(0);
    expect(readFileSync(join(work, 'q.env'), 'utf8')).toContain(`\nIONQ_API_KEY="${key}"\n`);
  });

  it('shares an existing .env: other lines kept, same key again changes nothing, Node\'s --env-file reads it', async () => {
    const file = join(work, '.env');
    const original = '# project settings\nDATABASE_URL=postgres://x\r\nDEBUG=1';
    writeFileSync(file, original, { mode: 0o640 });
    const env = { ...h.env, IONQ_SECRET: TEST_KEY };
    const first = await runBuilt(['--from-env', 'IONQ_SECRET', '--dotenv', '.env', '--json'], { env, cwd: work, secrets: [TEST_KEY] });
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).targets).toEqual([{ kind: 'dotenv', path: file, status: 'updated' }]);
    const after = readFileSync(file, 'latin1');
    expect(after.startsWith(original + '\n')).toBe(true);
    expect(after).toContain(`\nIONQ_API_KEY=${TEST_KEY}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    const again = await runBuilt(['--from-env', 'IONQ_SECRET', '--dotenv', '.env', '--json'], { env, cwd: work, secrets: [TEST_KEY] });
    expect(JSON.parse(again.stdout).targets[0].status).toBe('unchanged');
    expect(readFileSync(file, 'latin1')).toBe(after);
    const node = execFileSync(process.execPath, ['--env-file=.env', '-e', 'process.stdout.write(process.env.IONQ_API_KEY + "|" + process.env.DEBUG)'], { ...SHELL_IO, cwd: work, env: { PATH: h.env.PATH } });
    expect(node.toString()).toBe(`${TEST_KEY}|1`);
  });

  it('a different key already in the file needs --force (exit 2, file unchanged)', async () => {
    const env = { ...h.env, IONQ_SECRET: TEST_KEY };
    expect((await runBuilt(['--from-env', 'IONQ_SECRET', '--dotenv', 'ionq.env'], { env, cwd: work })).code).toBe(0);
    const before = readFileSync(join(work, 'ionq.env'));
    const other = "other'KEY-TEST-5555";
    const run = await runBuilt(['--from-env', 'IONQ_SECRET', '--dotenv', 'ionq.env'], { env: { ...env, IONQ_SECRET: other }, cwd: work, secrets: [other, TEST_KEY] });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/different key is already set in .*ionq\.env \(…zq7w\)/);
    expect(readFileSync(join(work, 'ionq.env'))).toEqual(before);
  });

  it('refuses --dotenv with another target, and --target dotenv without a path', async () => {
    const env = { ...h.env, IONQ_SECRET: TEST_KEY };
    const a = await runBuilt(['--from-env', 'IONQ_SECRET', '--dotenv', 'x.env', '--target', 'shell'], { env, cwd: work, secrets: [TEST_KEY] });
    expect(a.code).toBe(2);
    const b = await runBuilt(['--from-env', 'IONQ_SECRET', '--target', 'dotenv'], { env, cwd: work, secrets: [TEST_KEY] });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--dotenv PATH/);
    expect(snapshotDir(work)).toEqual({});
  });
});
