// Broken or unusual environments: each handled with a clear message, never a crash or a hang.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_CLI, runInProcess, runBuilt } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { TEST_KEY } from '../helpers/keys';

let h: TempHome;
beforeEach(async () => {
  h = await makeTempHome();
});
afterEach(() => h.cleanup());

describe('bad environments', () => {
  it('HOME that is a file: exit 1 naming HOME', async () => {
    writeFileSync(join(h.home, 'afile'), '');
    const run = await runInProcess(['--key-stdin'], { env: { ...h.env, HOME: join(h.home, 'afile') }, stdin: TEST_KEY, secrets: [TEST_KEY] });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/home directory .*afile \(from HOME\) does not exist or is not a directory/);
  });

  it('SHELL unset: bash is assumed and the user is told so', async () => {
    const { SHELL: _s, ...env } = { ...h.env, SHELL: '' };
    const run = await runInProcess(['--key-stdin', '--json'], { env, stdin: TEST_KEY, secrets: [TEST_KEY] });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.targets[0]).toMatchObject({ shell: 'bash', path: join(h.home, '.bashrc') });
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'SHELL_ASSUMED' })]);
  });

  it('SHELL naming an unsupported shell: the assumption is said too', async () => {
    const run = await runInProcess(['--key-stdin'], { env: { ...h.env, SHELL: '/usr/bin/nu' }, stdin: TEST_KEY, secrets: [TEST_KEY] });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/bash was assumed/);
  });

  it('TERM=dumb and NO_COLOR: plain text, no escape sequences', async () => {
    const run = await runBuilt(['--key-stdin', '--shell', 'zsh', '--dry-run'], { env: { ...h.env, TERM: 'dumb', NO_COLOR: '1' }, input: TEST_KEY, secrets: [TEST_KEY] });
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toMatch(new RegExp(String.raw`\u001b\[`));
  });

  it('FORCE_COLOR colours even through a pipe', async () => {
    const run = await runBuilt(['--key-stdin', '--shell', 'zsh', '--dry-run'], { env: { ...h.env, FORCE_COLOR: '1' }, input: TEST_KEY, secrets: [TEST_KEY] });
    expect(run.stdout).toMatch(new RegExp(String.raw`\u001b\[`));
  });

  it('stdin closed with --key-stdin: exit 2 (empty key), no hang', async () => {
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn('bash', ['-c', `exec "${process.execPath}" "${BUILT_CLI}" --key-stdin --shell bash <&-`], { env: h.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      });
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/The key is empty/);
    expect(() => readFileSync(join(h.home, '.bashrc'))).toThrow();
  });
});
