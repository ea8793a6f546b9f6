// CI targets chosen by hand, dry runs in CI, and prompts in CI — in process, with a temp home.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { TEST_KEY } from '../helpers/keys';
import { expectNoKey } from '../helpers/leak';
import { snapshotDir } from '../helpers/snapshot';
import { expectKeyOnlyInCommands, parseAzureCommand } from '../helpers/ci-runners';
import type { Asker } from '../../src/core/interaction';

let h: TempHome;
beforeEach(async () => {
  h = await makeTempHome();
});
afterEach(() => h.cleanup());

const failingAsker = (): Asker => {
  throw new Error('a prompt was opened in CI');
};

describe('CI targets by hand', () => {
  it('--target github outside GitHub Actions is a usage error that names GITHUB_ENV', async () => {
    const run = await runInProcess(['--from-env', 'S', '--target', 'github', '--no-verify'], { env: { ...h.env, S: TEST_KEY }, secrets: [TEST_KEY] });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/needs GITHUB_ENV/);
  });

  it('--target github with a GITHUB_ENV that is not a file writes nothing (exit 2)', async () => {
    const before = snapshotDir(h.home);
    const run = await runInProcess(['--from-env', 'S', '--target', 'github', '--no-verify'], { env: { ...h.env, S: TEST_KEY, GITHUB_ENV: join(h.home, 'missing') }, secrets: [TEST_KEY] });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not a file/);
    expect(snapshotDir(h.home)).toEqual(before);
  });

  it('--target circleci needs BASH_ENV', async () => {
    const run = await runInProcess(['--from-env', 'S', '--target', 'circleci', '--no-verify'], { env: { ...h.env, S: TEST_KEY }, secrets: [TEST_KEY] });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/needs BASH_ENV/);
  });

  it('--target azure prints the secret variable command through the unredacted channel only', async () => {
    const run = await runInProcess(['--from-env', 'S', '--target', 'azure', '--no-verify'], { env: { ...h.env, S: TEST_KEY } });
    expect(run.code).toBe(0);
    const [line] = expectKeyOnlyInCommands(run.stdout, TEST_KEY, (l) => l.startsWith('##vso[task.setvariable'));
    expect(parseAzureCommand(line!)?.data).toBe(TEST_KEY);
    expectNoKey(run.stderr, TEST_KEY);
  });

  it('--shell with a CI target is refused', async () => {
    const run = await runInProcess(['--from-env', 'S', '--target', 'azure', '--shell', 'zsh', '--no-verify'], { env: { ...h.env, S: TEST_KEY }, secrets: [TEST_KEY] });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/do not go with --target azure/);
  });
});

describe('in GitHub Actions', () => {
  const ghEnv = (): Record<string, string> => {
    mkdirSync(join(h.home, 'runner'));
    const file = join(h.home, 'runner', 'env');
    writeFileSync(file, '');
    return { ...h.env, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_ENV: file, S: TEST_KEY };
  };

  it('--dry-run masks the key but appends nothing', async () => {
    const env = ghEnv();
    const run = await runInProcess(['--from-env', 'S', '--dry-run', '--json', '--no-verify'], { env });
    expect(run.code).toBe(0);
    const lines = expectKeyOnlyInCommands(run.stdout, TEST_KEY, (l) => l.startsWith('::add-mask::'));
    expect(lines).toEqual([`::add-mask::${TEST_KEY}`]);
    const doc = JSON.parse(run.stdout.slice(run.stdout.indexOf('\n{') + 1));
    expect(doc.targets).toEqual([{ kind: 'github', path: env.GITHUB_ENV, status: 'would-update' }]);
    expect(readFileSync(env.GITHUB_ENV!, 'utf8')).toBe('');
  });

  it('--target shell masks too, then writes the rc file as anywhere else', async () => {
    const env = ghEnv();
    const run = await runInProcess(['--from-env', 'S', '--target', 'shell', '--shell', 'zsh'], { env });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`::add-mask::${TEST_KEY}`);
    expect(readFileSync(join(h.home, '.zshrc'), 'utf8')).toContain(`export IONQ_API_KEY='${TEST_KEY}'`);
    expect(readFileSync(env.GITHUB_ENV!, 'utf8')).toBe('');
  });

  it('never prompts, even when the step has a terminal', async () => {
    const env = { ...ghEnv(), S: '' };
    const run = await runInProcess(['--no-verify'], { env, stdinIsTTY: true, stdoutIsTTY: true, asker: failingAsker });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--key-stdin/);
  });
});
