// Concurrent runs on one home: the lock and the compare-and-swap re-read keep the file whole.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBuilt } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { scanBlock } from '../../src/rcfile/block';
import { keyInBlock } from '../../src/targets/key-lines';

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
});
