// The promise users care about: after `set`, a new terminal of each shell sees the key byte for byte.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { AWKWARD_KEYS } from '../helpers/keys';
import { RC_FILE_OF, readVarInShell, requireProgram, shellProgram, TEST_SHELLS, type RealShell } from '../helpers/shells';

const present = TEST_SHELLS.filter((s) => requireProgram(shellProgram(s)));

const FILES = RC_FILE_OF;

const countAssignments = (text: string): number => (text.match(/IONQ_API_KEY/g) ?? []).length;

describe('real shells read back every awkward key exactly', () => {
  let h: TempHome;
  beforeAll(async () => {
    h = await makeTempHome();
  });
  afterAll(() => h.cleanup());

  it.each(AWKWARD_KEYS.map((k, i) => [i, k]))('key #%i reaches each shell byte for byte, replacing the last one', async (_i, key) => {
    const run = await runInProcess(['--key-stdin', '--force', '--shell', present.join(',')], { env: h.env, stdin: key, secrets: [key] });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const shell of present) {
      expect({ shell, value: readVarInShell(shell, h.env) }).toEqual({ shell, value: key });
      // One assignment per file, however many keys came before.
      expect({ shell, count: countAssignments(readFileSync(join(h.home, FILES[shell]!), 'utf8')) }).toEqual({ shell, count: 1 });
    }
  });

  it('setting the same key again leaves every file byte-identical', async () => {
    const key = AWKWARD_KEYS[AWKWARD_KEYS.length - 1]!;
    const before = present.map((s) => readFileSync(join(h.home, FILES[s]!)));
    const run = await runInProcess(['--key-stdin', '--shell', present.join(','), '--json'], { env: h.env, stdin: key, secrets: [key] });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.targets.map((t: { status: string }) => t.status)).toEqual(report.targets.map(() => 'unchanged'));
    present.forEach((s, i) => expect(readFileSync(join(h.home, FILES[s]!)).equals(before[i]!)).toBe(true));
  });
});

describe('ZDOTDIR and XDG_CONFIG_HOME move the files', () => {
  it('zsh reads the key from $ZDOTDIR/.zshrc and fish from $XDG_CONFIG_HOME', async () => {
    const h = await makeTempHome();
    try {
      const env = { ...h.env, ZDOTDIR: join(h.home, 'zdot'), XDG_CONFIG_HOME: join(h.home, 'xdg') };
      const { mkdirSync } = await import('node:fs');
      mkdirSync(env.ZDOTDIR);
      const key = AWKWARD_KEYS[3]!;
      const shells = ['zsh', 'fish'].filter((s) => present.includes(s as RealShell));
      const run = await runInProcess(['--key-stdin', '--shell', shells.join(',')], { env, stdin: key, secrets: [key] });
      expect(run.code).toBe(0);
      if (shells.includes('zsh')) {
        expect(readFileSync(join(env.ZDOTDIR, '.zshrc'), 'utf8')).toContain('IONQ_API_KEY');
        expect(readVarInShell('zsh', env)).toBe(key);
      }
      if (shells.includes('fish')) {
        expect(readFileSync(join(env.XDG_CONFIG_HOME, 'fish/conf.d/ionq.fish'), 'utf8')).toContain('IONQ_API_KEY');
        expect(readVarInShell('fish', env)).toBe(key);
      }
    } finally {
      await h.cleanup();
    }
  });
});
