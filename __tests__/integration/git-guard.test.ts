// The git guard: a dotfiles user cannot leak the key through this tool. An rc file that (after resolving
// symlinks) lies in a git work tree gets only a loader; --store inline writes there only when asked, with
// a warning naming the repository; status says when a key sits inline in a tracked file and whether the
// repository's commits hold it — never printing the key.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { AWKWARD_KEYS, TEST_KEY } from '../helpers/keys';
import { readVarInShell, requireProgram } from '../helpers/shells';

const hasZsh = requireProgram('zsh');
const hasFish = requireProgram('fish');
requireProgram('git');

let h: TempHome;
let repo: string;
beforeEach(async () => {
  h = await makeTempHome();
  repo = join(h.home, 'dotfiles');
  mkdirSync(repo);
  git('init', '-q');
  writeFileSync(join(repo, 'zshrc'), 'setopt autocd\n');
  symlinkSync(join(repo, 'zshrc'), join(h.home, '.zshrc'));
});
afterEach(() => h.cleanup());

function git(...args: string[]): string {
  return execFileSync('git', ['-C', repo, '-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    encoding: 'utf8',
    env: { ...h.env, GIT_CONFIG_NOSYSTEM: '1' },
  });
}

/** Every file of the repository (but .git), with its bytes. */
function repoFiles(): string {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === '.git') continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(readFileSync(full, 'utf8'));
    }
  };
  walk(repo);
  return out.join('\n');
}

const env = () => ({ ...h.env, SHELL: '/usr/bin/zsh' });

describe('set into an rc file that links into a git repository', () => {
  it('keeps the key out of the repository: a loader there, the key in ~/.config/ionq/env (0600), and zsh still sees it', async () => {
    const run = await runInProcess(['--key-stdin', '--shell', 'zsh'], { env: env(), stdin: TEST_KEY, secrets: [TEST_KEY] });
    expect(run.code).toBe(0);
    expect(repoFiles()).not.toContain(TEST_KEY);
    expect(readFileSync(join(repo, 'zshrc'), 'utf8')).toContain('ionq/env');
    const keyFile = join(h.home, '.config/ionq/env');
    expect(readFileSync(keyFile, 'utf8')).toBe(TEST_KEY + '\n');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(h.home, '.config/ionq')).mode & 0o777).toBe(0o700);
    // Why, in one line, naming the repository.
    const why = run.stderr.split('\n').filter((l) => l.includes('git repository'));
    expect(why).toEqual(['! ~/.zshrc is in the git repository ~/dotfiles, so the key goes to ~/.config/ionq/env and ~/.zshrc only loads it (--store inline writes it there anyway).']);
    // .zshrc is still a link into the repository.
    expect(readFileSync(join(h.home, '.zshrc'), 'utf8')).toBe(readFileSync(join(repo, 'zshrc'), 'utf8'));
    if (hasZsh) expect(readVarInShell('zsh', env())).toBe(TEST_KEY);
  });

  it('--store inline writes the key there as asked, with a warning naming the repository', async () => {
    const run = await runInProcess(['--key-stdin', '--shell', 'zsh', '--store', 'inline'], { env: env(), stdin: TEST_KEY, secrets: [TEST_KEY] });
    expect(run.code).toBe(0);
    expect(readFileSync(join(repo, 'zshrc'), 'utf8')).toContain(`export IONQ_API_KEY='${TEST_KEY}'`);
    expect(run.stderr).toContain('~/.zshrc is in the git repository ~/dotfiles: the key is written there as you asked');
    expect(existsSync(join(h.home, '.config/ionq/env'))).toBe(false);
    if (hasZsh) expect(readVarInShell('zsh', env())).toBe(TEST_KEY);
  });

  it('an existing inline block in a repository is switched to a loader on the next set', async () => {
    expect((await runInProcess(['--key-stdin', '--shell', 'zsh', '--store', 'inline'], { env: env(), stdin: TEST_KEY, secrets: [TEST_KEY] })).code).toBe(0);
    const run = await runInProcess(['--key-stdin', '--shell', 'zsh', '--json'], { env: env(), stdin: TEST_KEY, secrets: [TEST_KEY] });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).targets.map((t: { kind: string; status: string }) => `${t.kind}:${t.status}`)).toEqual(['key-file:created', 'shell:updated']);
    expect(repoFiles()).not.toContain(TEST_KEY);
  });

  it('fish: a conf.d folder that links into the repository is guarded too, though ionq.fish does not exist yet', async () => {
    mkdirSync(join(repo, 'fish/conf.d'), { recursive: true });
    mkdirSync(join(h.home, '.config'));
    symlinkSync(join(repo, 'fish'), join(h.home, '.config/fish'));
    const key = AWKWARD_KEYS[1]!;
    const run = await runInProcess(['--key-stdin', '--shell', 'fish'], { env: env(), stdin: key, secrets: [key] });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('~/.config/fish/conf.d/ionq.fish is in the git repository ~/dotfiles');
    expect(repoFiles()).not.toContain('TEST');
    if (hasFish) expect(readVarInShell('fish', env())).toBe(key);
  });
});

describe('status and keys inline in a git repository', () => {
  it('warns about a key inline in a tracked file, and says when no commit holds it yet', async () => {
    git('add', 'zshrc');
    git('commit', '-q', '-m', 'zshrc without a key');
    expect((await runInProcess(['--key-stdin', '--shell', 'zsh', '--store', 'inline'], { env: env(), stdin: TEST_KEY, secrets: [TEST_KEY] })).code).toBe(0);
    const run = await runInProcess(['status', '--json'], { env: env(), secrets: [TEST_KEY] });
    const report = JSON.parse(run.stdout);
    expect(report.data.git).toEqual([expect.objectContaining({ path: join(h.home, '.zshrc'), repo, tracked: true, committed: false, managed: true })]);
    const human = await runInProcess(['status'], { env: env(), secrets: [TEST_KEY] });
    expect(human.stdout).toContain('~/.zshrc holds a key inline and is tracked by the git repository ~/dotfiles; no commit holds the key yet.');
    expect(human.stdout).toContain('npx ionq-env-setup --store separate --shell zsh');
  });

  it('says when the repository\'s commits hold the key (also a key that was written escaped)', async () => {
    const key = AWKWARD_KEYS[1]!; // holds ' — written as '\'' in the file
    expect((await runInProcess(['--key-stdin', '--shell', 'zsh', '--store', 'inline'], { env: env(), stdin: key, secrets: [key] })).code).toBe(0);
    git('add', 'zshrc');
    git('commit', '-q', '-m', 'oops');
    const run = await runInProcess(['status'], { env: env(), secrets: [key] });
    expect(run.stdout).toMatch(/~\/\.zshrc holds a key inline and is tracked by the git repository ~\/dotfiles, and its commits hold the key/);
    expect(run.stdout).toMatch(/revoke that key in IonQ Quantum Cloud/);
  });

  it('a loader in a tracked file is not a warning: the file holds no secret', async () => {
    expect((await runInProcess(['--key-stdin', '--shell', 'zsh'], { env: env(), stdin: TEST_KEY, secrets: [TEST_KEY] })).code).toBe(0);
    git('add', 'zshrc');
    git('commit', '-q', '-m', 'loader only');
    const run = await runInProcess(['status', '--json'], { env: env(), secrets: [TEST_KEY] });
    const report = JSON.parse(run.stdout);
    expect(report.data.git).toEqual([]);
    expect(report.warnings.map((w: { code: string }) => w.code)).not.toContain('INLINE_IN_GIT');
    expect(git('log', '-p', '--all')).not.toContain(TEST_KEY);
  });
});
