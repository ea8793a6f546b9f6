// Bad input gets a clear message, the documented exit code, and no change on disk.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { REFUSED_KEYS, TEST_KEY } from '../helpers/keys';
import { snapshotDir } from '../helpers/snapshot';

let h: TempHome;
beforeEach(async () => {
  h = await makeTempHome();
  writeFileSync(join(h.home, '.bashrc'), 'existing\n');
});
afterEach(() => h.cleanup());

async function expectRefused(argv: string[], opts: { stdin?: string; env?: Record<string, string>; stdinIsTTY?: boolean; home?: string }, code: number, message: RegExp) {
  const before = snapshotDir(h.home);
  const run = await runInProcess(argv, { env: opts.env ?? h.env, secrets: [TEST_KEY], ...(opts.stdin === undefined ? {} : { stdin: opts.stdin }), ...(opts.stdinIsTTY ? { stdinIsTTY: true } : {}), ...('home' in opts ? { home: opts.home } : {}) });
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code, stderr: expect.stringMatching(message) });
  expect(snapshotDir(h.home)).toEqual(before);
  return run;
}

describe('bad input', () => {
  it('no key and no terminal: exit 2 naming --key-stdin and --from-env, no hang', async () => {
    const run = await expectRefused([], {}, 2, /No API key given/);
    expect(run.stderr).toContain('--key-stdin');
    expect(run.stderr).toContain('--from-env');
  });

  it('--key-stdin with a terminal on stdin: exit 2 instead of waiting', async () => {
    await expectRefused(['--key-stdin'], { stdinIsTTY: true }, 2, /standard input is a terminal/);
  });

  it('--from-env naming an unset variable: exit 2', async () => {
    await expectRefused(['--from-env', 'IONQ_SECRET_NOT_SET'], {}, 2, /IONQ_SECRET_NOT_SET .* is not set/);
  });

  it('an unknown shell: exit 2 listing the valid ones', async () => {
    await expectRefused(['--key-stdin', '--shell', 'zsh,nushell'], { stdin: TEST_KEY }, 2, /Unknown shell: nushell\. Valid shells: bash, zsh, fish, sh, ksh, tcsh, pwsh, all/);
  });

  it('an unknown flag: exit 2', async () => {
    await expectRefused(['--key-stdin', '--frobnicate'], { stdin: TEST_KEY }, 2, /Unknown argument: frobnicate/);
  });

  it('two key sources at once: exit 2', async () => {
    await expectRefused(['--key-stdin', '--from-env', 'X'], { stdin: TEST_KEY, env: { ...h.env, X: TEST_KEY } }, 2, /one way only/);
  });

  it('--target windows on Linux: exit 2', async () => {
    await expectRefused(['--key-stdin', '--target', 'windows'], { stdin: TEST_KEY }, 2, /only on Windows/);
  });

  it('HOME unset: exit 1 with a message', async () => {
    const { HOME: _h, ...env } = h.env;
    await expectRefused(['--key-stdin'], { stdin: TEST_KEY, env, home: undefined }, 1, /HOME is not set/);
  });

  it.each(REFUSED_KEYS.map((k) => [k.name, k.key]))('a key with %s: exit 2, key not echoed', async (_name, key) => {
    const run = await expectRefused(['--key-stdin', '--shell', 'bash'], { stdin: key }, 2, /key/i);
    const core = key.trim();
    if (core.length >= 8) expect(run.stderr).not.toContain(core.slice(0, 8));
  });

  it('--key works but warns that argv is visible', async () => {
    const run = await runInProcess(['--key', TEST_KEY, '--shell', 'bash'], { env: h.env, secrets: [TEST_KEY] });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/--key puts the key on the command line/);
  });

  it('in CI with IONQ_API_KEY already set and no flags, that key is used', async () => {
    const run = await runInProcess(['--shell', 'bash', '--target', 'shell', '--json'], { env: { ...h.env, CI: 'true', IONQ_API_KEY: TEST_KEY }, secrets: [TEST_KEY] });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).key).toEqual({ masked: '…zq7w', source: '$IONQ_API_KEY (already set)' });
  });

  it('--json failures are one JSON document on stdout', async () => {
    const run = await runInProcess(['--json'], { env: h.env });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({ ok: false, error: { code: 'NO_KEY', message: expect.any(String), hint: expect.stringContaining('--key-stdin') } });
  });
});

describe('a key pasted where it does not belong', () => {
  it('as a bare word: exit 2, and the error does not repeat it', async () => {
    const h2 = await makeTempHome();
    try {
      const pasted = 'ionqPASTEDkey0123456789abcdefXYZ';
      const run = await runInProcess([pasted], { env: h2.env, secrets: [pasted] });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/Unknown argument: …fXYZ/);
    } finally {
      await h2.cleanup();
    }
  });
});
