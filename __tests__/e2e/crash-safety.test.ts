// Killing the CLI with SIGKILL at any moment leaves each rc file either exactly the old bytes or exactly
// the new bytes — never a mix, never two blocks — and a later run cleans up whatever the kill left behind.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_CLI, NODE_UNDER_TEST, runBuilt } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';

const RUNS = Number(process.env.IONQ_CRASH_RUNS ?? 200);
const KEY_A = 'ionqCRASHkeyA-1111222233334444-aaaa';
const KEY_B = 'ionqCRASHkeyB-5555666677778888-bbbb';

/** Starts a set and kills it after `delayMs`; resolves when the process is gone. */
function setAndKill(env: Record<string, string>, key: string, delayMs: number): Promise<'finished' | 'killed'> {
  return new Promise((resolve) => {
    const child = spawn(NODE_UNDER_TEST, [BUILT_CLI, '--key-stdin', '--force', '--shell', 'bash'], { env, stdio: ['pipe', 'ignore', 'ignore'] });
    child.stdin.end(key);
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal === 'SIGKILL' ? 'killed' : code === 0 ? 'finished' : 'killed');
    });
  });
}

describe('crash safety under SIGKILL', () => {
  let h: TempHome;
  beforeAll(async () => {
    h = await makeTempHome();
  });
  afterAll(() => h.cleanup());

  it(`${RUNS} runs killed at random moments never leave a partial file`, async () => {
    // A large file makes the write window real: several MB of user content around the block.
    const filler = Array.from({ length: 40_000 }, (_, i) => `# user line ${i} ${'x'.repeat(40)}\n`).join('');
    const rc = join(h.home, '.bashrc');
    writeFileSync(rc, filler);
    // The only two states the file may ever be in (after the first set): holding A, or holding B.
    expect((await runBuilt(['--key-stdin', '--shell', 'bash'], { env: h.env, input: KEY_A })).code).toBe(0);
    const withA = readFileSync(rc);
    expect((await runBuilt(['--key-stdin', '--force', '--shell', 'bash'], { env: h.env, input: KEY_B })).code).toBe(0);
    const withB = readFileSync(rc);
    expect(withA.equals(withB)).toBe(false);

    // How long a full run takes here, to spread the kills over its whole life.
    const t0 = Date.now();
    await runBuilt(['--key-stdin', '--force', '--shell', 'bash'], { env: h.env, input: KEY_A });
    const fullRunMs = Math.max(50, Date.now() - t0);

    const seen = { A: 0, B: 0, killed: 0, finished: 0, leftoverTemps: 0 };
    for (let i = 0; i < RUNS; i++) {
      const current = readFileSync(rc);
      const next = current.equals(withA) ? KEY_B : KEY_A;
      const delay = Math.floor(Math.random() * fullRunMs * 1.2);
      seen[await setAndKill(h.env, next, delay)]++;
      const after = readFileSync(rc);
      const isA = after.equals(withA);
      const isB = after.equals(withB);
      if (!isA && !isB) throw new Error(`run ${i} (killed after ${delay} ms) left a file that is neither the old nor the new bytes`);
      seen[isA ? 'A' : 'B']++;
      for (const name of readdirSync(h.home)) {
        if (name.endsWith('.tmp')) {
          seen.leftoverTemps++;
          // A temp file a kill left behind may hold the key: it must be private to the user.
          expect({ name, mode: statSync(join(h.home, name)).mode & 0o777 }).toEqual({ name, mode: 0o600 });
        }
      }
    }
    // The kills really landed on both sides of the rename.
    expect(seen.A).toBeGreaterThan(0);
    expect(seen.B).toBeGreaterThan(0);
    expect(seen.killed).toBeGreaterThan(RUNS / 4);

    // A normal run after all that cleans up what the kills left (stale lock, temp files), even when it has
    // nothing to write; and a run that writes works as usual.
    const leftovers = () => readdirSync(h.home).filter((n) => n.includes('ionq-env-setup'));
    const sameKey = readFileSync(rc).equals(withA) ? KEY_A : KEY_B;
    const unchanged = await runBuilt(['--key-stdin', '--force', '--shell', 'bash', '--json'], { env: h.env, input: sameKey, secrets: [KEY_A, KEY_B] });
    expect(JSON.parse(unchanged.stdout).targets[0].status).toBe('unchanged');
    expect(leftovers()).toEqual([]);
    const final = await runBuilt(['--key-stdin', '--force', '--shell', 'bash'], { env: h.env, input: sameKey === KEY_A ? KEY_B : KEY_A, secrets: [KEY_A, KEY_B] });
    expect(final.code).toBe(0);
    expect(readFileSync(rc).equals(sameKey === KEY_A ? withB : withA)).toBe(true);
    expect(leftovers()).toEqual([]);
    const text = readFileSync(rc, 'latin1');
    expect(text.match(/# >>> ionq-env-setup >>>/g)).toHaveLength(1);
    console.log(`crash safety: ${JSON.stringify(seen)} over ${RUNS} runs (full run ≈ ${fullRunMs} ms)`);
  }, 600_000);
});
