// macOS terminals start bash as a login shell: the key must go to the file that login shell reads,
// and never into a new file that would hide an existing ~/.profile. Platform injected; bash is real.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess } from '../helpers/cli';
import { makeTempHome } from '../helpers/home';
import { TEST_KEY } from '../helpers/keys';
import { readVarInShell, requireProgram } from '../helpers/shells';

const hasBash = requireProgram('bash');
const maybe = hasBash ? it : it.skip;

describe('bash on macOS', () => {
  it.each([
    { existing: [], expected: '.bash_profile' },
    { existing: ['.profile'], expected: '.profile' },
    { existing: ['.bash_login', '.profile'], expected: '.bash_login' },
    { existing: ['.bash_profile', '.bash_login', '.profile'], expected: '.bash_profile' },
  ])('with $existing, the key goes to $expected', async ({ existing, expected }) => {
    const h = await makeTempHome();
    try {
      for (const f of existing) writeFileSync(join(h.home, f), `export FROM_${f.replace(/\W/g, '')}=1\n`);
      const run = await runInProcess(['--key-stdin', '--shell', 'bash', '--json'], { env: h.env, stdin: TEST_KEY, platform: 'darwin', secrets: [TEST_KEY] });
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).targets[0].path).toBe(join(h.home, expected));
      expect(readFileSync(join(h.home, expected), 'utf8')).toContain('IONQ_API_KEY');
      // No new file that would hide one bash used to read.
      if (existing.length > 0) for (const f of ['.bash_profile', '.bash_login']) if (!existing.includes(f)) expect(existsSync(join(h.home, f))).toBe(false);
    } finally {
      await h.cleanup();
    }
  });

  maybe('a real login bash sees the key and still reads the rest of ~/.profile', async () => {
    const h = await makeTempHome();
    try {
      writeFileSync(join(h.home, '.profile'), 'export STILL_READ=yes\n');
      const run = await runInProcess(['--key-stdin', '--shell', 'bash'], { env: h.env, stdin: TEST_KEY, platform: 'darwin', secrets: [TEST_KEY] });
      expect(run.code).toBe(0);
      expect(existsSync(join(h.home, '.bash_profile'))).toBe(false);
      expect(readVarInShell('bash-login', h.env)).toBe(TEST_KEY);
      expect(readVarInShell('bash-login', h.env, 'STILL_READ')).toBe('yes');
    } finally {
      await h.cleanup();
    }
  });
});
