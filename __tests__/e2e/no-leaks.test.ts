// The key never reaches the argv of any process the tool starts (on Linux: traced with strace -f), and
// never its output. (setx on Windows is the one documented exception: see docs/security.md.)
import { spawnSync } from 'node:child_process';
import { BUILT_CLI, NODE_UNDER_TEST } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { AWKWARD_KEYS, TEST_KEY } from '../helpers/keys';
import { execsUnderStrace, expectNoKey } from '../helpers/leak';
import { requireProgram } from '../helpers/shells';
import { acceptingKeys, startFakeIonq } from '../helpers/fake-ionq';

const hasStrace = requireProgram('strace');
const maybe = hasStrace ? it : it.skip;

let h: TempHome;
beforeEach(async () => {
  h = await makeTempHome();
});
afterEach(() => h.cleanup());

/** Runs the built CLI under strace: the argv of every process it started, and its output. */
async function traced(args: string[], input: string, env: Record<string, string> = h.env): Promise<{ execs: string; output: string; code: number | null }> {
  const r = await execsUnderStrace(NODE_UNDER_TEST, [BUILT_CLI, ...args], { env, input });
  return { execs: r.execs, output: r.stdout + r.stderr, code: r.code };
}

describe('no key in any argv or output', () => {
  maybe('set for every shell: the only program started is node itself, and no argv holds the key', async () => {
    for (const key of [TEST_KEY, AWKWARD_KEYS[11]!]) {
      const { execs, output, code } = await traced(['--key-stdin', '--force', '--shell', 'all'], key);
      expect(code).toBe(0);
      expect(execs).toContain('execve');
      expectNoKey(execs, key, 'the argv of a started process');
      expectNoKey(output, key);
    }
  });

  maybe('set --verify against a local IonQ: the key travels only in the request header', async () => {
    const fake = await startFakeIonq(acceptingKeys({ [TEST_KEY]: { keyName: 'k', projectId: 'p' } }));
    try {
      const { execs, output, code } = await traced(['--key-stdin', '--verify', '--shell', 'bash'], TEST_KEY, { ...h.env, IONQ_API_URL: fake.url });
      expect(code).toBe(0);
      expectNoKey(execs, TEST_KEY, 'the argv of a started process');
      expectNoKey(output, TEST_KEY);
      expect(fake.requests[0]?.authorization).toBe(`apiKey ${TEST_KEY}`);
    } finally {
      await fake.close();
    }
  });

  it('a key given with --from-env is read from the environment, not argv', () => {
    const run = spawnSync(NODE_UNDER_TEST, [BUILT_CLI, '--from-env', 'MY_SECRET', '--shell', 'bash', '--json'], { env: { ...h.env, MY_SECRET: TEST_KEY }, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expectNoKey(run.stdout + run.stderr, TEST_KEY);
    expect(JSON.parse(run.stdout).key.source).toBe('$MY_SECRET');
  });
});
