// The tool writes only inside the home directory (or a path named on its command line): odd home paths
// must not let anything escape.
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess } from '../helpers/cli';
import { TEST_KEY } from '../helpers/keys';
import { snapshotDir } from '../helpers/snapshot';
import { readVarInShell, requireProgram } from '../helpers/shells';

let outer: string;
beforeEach(() => {
  outer = realpathSync(mkdtempSync(join(tmpdir(), 'ionq-bounds-')));
  writeFileSync(join(outer, '.bashrc'), 'outside the home\n');
  writeFileSync(join(outer, '.zshrc'), 'outside the home\n');
});
afterEach(() => rmSync(outer, { recursive: true, force: true }));

const baseEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' };

/** Everything under `outer` except the home's own subtree. */
const outside = (home: string) => Object.fromEntries(Object.entries(snapshotDir(outer)).filter(([k]) => !join(outer, k).startsWith(home + '/') && join(outer, k) !== home));

describe('home directory boundaries', () => {
  it('a HOME spelled with .. and spaces resolves inside itself', async () => {
    mkdirSync(join(outer, 'my home', 'sub'), { recursive: true });
    const home = join(outer, 'my home');
    const before = outside(home);
    const run = await runInProcess(['--key-stdin', '--shell', 'bash,zsh,fish'], { env: { ...baseEnv, HOME: `${home}/sub/..` }, stdin: TEST_KEY, secrets: [TEST_KEY] });
    expect(run.code).toBe(0);
    expect(readFileSync(join(home, '.bashrc'), 'utf8')).toContain('IONQ_API_KEY');
    expect(readFileSync(join(home, '.config/fish/conf.d/ionq.fish'), 'utf8')).toContain('IONQ_API_KEY');
    expect(outside(home)).toEqual(before);
    expect(run.stdout).toContain('source ~/.bashrc');
    if (requireProgram('bash')) expect(readVarInShell('bash', { ...baseEnv, HOME: home })).toBe(TEST_KEY);
  });

  it('a symlinked home writes through the link into the real home only', async () => {
    mkdirSync(join(outer, 'real-home'));
    symlinkSync(join(outer, 'real-home'), join(outer, 'link-home'));
    const before = outside(join(outer, 'real-home'));
    const run = await runInProcess(['--key-stdin', '--shell', 'zsh'], { env: { ...baseEnv, HOME: join(outer, 'link-home') }, stdin: TEST_KEY, secrets: [TEST_KEY] });
    expect(run.code).toBe(0);
    expect(readFileSync(join(outer, 'real-home', '.zshrc'), 'utf8')).toContain('IONQ_API_KEY');
    const after = outside(join(outer, 'real-home'));
    expect(after).toEqual(before);
  });

  it('ZDOTDIR or XDG_CONFIG_HOME given as relative paths are ignored rather than resolved against the cwd', async () => {
    mkdirSync(join(outer, 'home'));
    const home = join(outer, 'home');
    const before = outside(home);
    const run = await runInProcess(['--key-stdin', '--shell', 'zsh,fish'], { env: { ...baseEnv, HOME: home, ZDOTDIR: '..', XDG_CONFIG_HOME: '../cfg' }, stdin: TEST_KEY, cwd: home });
    expect(run.code).toBe(0);
    expect(outside(home)).toEqual(before);
    expect(readFileSync(join(home, '.zshrc'), 'utf8')).toContain('IONQ_API_KEY');
  });
});
