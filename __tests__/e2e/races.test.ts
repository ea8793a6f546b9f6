// Concurrent runs on one home: the lock and the compare-and-swap re-read keep the file whole.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBuilt } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { scanBlock } from '../../src/rcfile/block';
import { keyInBlock } from '../../src/targets/shell/block-body';

let h: TempHome;
beforeEach(async () => {
  h = await makeTempHome();
});
afterEach(() => h.cleanup());

describe('concurrent runs', () => {
  it('20 concurrent sets with different keys end with one valid block holding one of the keys', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `ionqRACEkey-${String(i).padStart(4, '0')}-${'r'.repeat(16)}-k${i}`);
    const runs = await Promise.all(keys.map((key) => runBuilt(['--key-stdin', '--force', '--shell', 'bash,zsh'], { env: h.env, input: key, secrets: keys, timeoutMs: 60_000 })));
    expect(runs.map((r) => r.code)).toEqual(keys.map(() => 0));
    for (const file of ['.bashrc', '.zshrc']) {
      const text = readFileSync(join(h.home, file), 'latin1');
      const scan = scanBlock(text);
      expect(scan.kind).toBe('one');
      if (scan.kind !== 'one') return;
      expect(keys).toContain(keyInBlock('posix', scan.block.body));
      expect(text.match(/IONQ_API_KEY/g)).toHaveLength(1);
    }
  }, 120_000);

  it('concurrent set and remove runs leave a consistent file: the user\'s lines intact, at most one whole block', async () => {
    const { writeFileSync } = await import('node:fs');
    const mine = '# my settings\nalias ll="ls -l"\n';
    writeFileSync(join(h.home, '.bashrc'), mine);
    const keys = Array.from({ length: 8 }, (_, i) => `ionqRACEkey-${String(i).padStart(4, '0')}-${'s'.repeat(16)}-r${i}`);
    const runs = await Promise.all(
      keys.flatMap((key) => [
        runBuilt(['--key-stdin', '--force', '--shell', 'bash'], { env: h.env, input: key, secrets: keys, timeoutMs: 60_000 }),
        runBuilt(['remove', '--yes', '--shell', 'bash'], { env: h.env, secrets: keys, timeoutMs: 60_000 }),
      ]),
    );
    expect(runs.map((r) => r.code)).toEqual(runs.map(() => 0));
    const text = readFileSync(join(h.home, '.bashrc'), 'latin1');
    const scan = scanBlock(text);
    expect(scan.kind).not.toBe('broken');
    if (scan.kind === 'one') {
      expect(keys).toContain(keyInBlock('posix', scan.block.body));
      expect(text.startsWith(mine)).toBe(true);
    } else {
      // The last run was a remove: the file is exactly what the user had.
      expect(text).toBe(mine);
    }
    expect(text.match(/IONQ_API_KEY/g)?.length ?? 0).toBeLessThanOrEqual(1);
  }, 120_000);
});

