// The bundle users run (dist/cli.js, built by `npm test` before jest): help, version, a real set that a
// real shell reads, verification against a local stand-in for IonQ, and no key in any output.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_UNDER_TEST, runBuilt, ROOT } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { TEST_KEY } from '../helpers/keys';
import { readVarInShell, requireProgram } from '../helpers/shells';
import { acceptingKeys, startFakeIonq, type FakeIonq } from '../helpers/fake-ionq';

let h: TempHome;
beforeEach(async () => {
  h = await makeTempHome();
});
afterEach(() => h.cleanup());

describe('the built CLI', () => {
  it('runs on a Node version that package.json engines promises (scripts/node-matrix.sh runs each one)', () => {
    const version = execFileSync(NODE_UNDER_TEST, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    if (process.env.NODE_UNDER_TEST_VERSION) expect(version).toBe(process.env.NODE_UNDER_TEST_VERSION);
    const floor = /^>=(\d+)\.(\d+)\.(\d+)$/.exec(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines.node)!;
    const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
    const [fMajor, fMinor, fPatch] = floor.slice(1).map(Number) as [number, number, number];
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(fMajor * 1e6 + fMinor * 1e3 + fPatch);
  });

  it('--help lists the options and exit codes; --version matches package.json', async () => {
    const help = await runBuilt(['--help'], { env: h.env });
    expect(help.code).toBe(0);
    for (const option of ['--key-stdin', '--from-env', '--shell', '--profile', '--dry-run', '--force', '--json', '--target']) expect(help.stdout).toContain(option);
    expect(help.stdout).toMatch(/130 cancelled/);
    // Node itself swallows any argument starting with --env-file (nodejs/node#54232).
    expect(help.stdout).not.toContain('--env-file');
    const version = await runBuilt(['--version'], { env: h.env });
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('prints, for --help and each command\'s --help, exactly what yargs itself prints', async () => {
    const { runInProcess } = await import('../helpers/cli');
    const help = (await runBuilt(['--help'], { env: h.env })).stdout;
    const commands = [...help.matchAll(/^ {2}ionq-env-setup ([a-z][a-z-]*)/gm)].map((m) => m[1]!);
    expect(commands).toEqual(expect.arrayContaining(['status', 'remove', 'verify', 'scrub-history']));
    // (--version is compared with package.json above: the sources have no build-time version.)
    for (const argv of [['--help'], ['-h'], ...commands.map((c) => [c, '--help'])]) {
      const built = await runBuilt(argv, { env: h.env });
      const yargs = await runInProcess(argv, { env: h.env });
      expect({ argv, out: built.stdout, code: built.code }).toEqual({ argv, out: yargs.stdout, code: 0 });
    }
  });

  it('saves a key from stdin that a new bash then sees, printing only its mask', async () => {
    const run = await runBuilt(['--key-stdin', '--shell', 'bash'], { env: { ...h.env, SHELL: '/bin/bash' }, input: `${TEST_KEY}\n`, secrets: [TEST_KEY] });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('…zq7w');
    expect(run.stdout).toContain('source ~/.bashrc');
    if (requireProgram('bash')) expect(readVarInShell('bash', h.env)).toBe(TEST_KEY);
  });

  it('without a key or terminal it exits 2 at once instead of waiting', async () => {
    const run = await runBuilt([], { env: h.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--key-stdin/);
  });

  describe('with --verify against a local IonQ stand-in', () => {
    let fake: FakeIonq;
    beforeEach(async () => {
      fake = await startFakeIonq(acceptingKeys({ [TEST_KEY]: { keyName: 'laptop', projectId: 'proj-42' } }));
    });
    afterEach(() => fake.close());

    it('a valid key is saved and its name shown', async () => {
      const run = await runBuilt(['--key-stdin', '--shell', 'zsh', '--verify', '--json'], { env: { ...h.env, IONQ_API_URL: fake.url + '/' }, input: TEST_KEY, secrets: [TEST_KEY] });
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).key.verified).toEqual({ keyName: 'laptop', projectId: 'proj-42' });
      expect(fake.requests).toEqual([{ method: 'GET', path: '/v0.4/whoami', authorization: `apiKey ${TEST_KEY}` }]);
    });

    it('a rejected key exits 3 and writes nothing', async () => {
      const bad = 'ionqREVOKEDkey-aaaabbbbccccdddd-0000';
      const run = await runBuilt(['--key-stdin', '--shell', 'zsh', '--verify'], { env: { ...h.env, IONQ_API_URL: fake.url }, input: bad, secrets: [bad] });
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/rejected the key …0000/);
      expect(() => readFileSync(join(h.home, '.zshrc'))).toThrow();
    });

    it('an unreachable API exits 4 and writes nothing', async () => {
      await fake.close();
      const run = await runBuilt(['--key-stdin', '--shell', 'zsh', '--verify'], { env: { ...h.env, IONQ_API_URL: fake.url }, input: TEST_KEY, secrets: [TEST_KEY] });
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(/Could not verify the key …zq7w: the connection was refused\. Nothing was saved\./);
      // The same hint verify gives: where the API is, and how to change it.
      expect(run.stderr).toContain(`that ${fake.url} can be reached (IONQ_API_URL changes it)`);
      expect(() => readFileSync(join(h.home, '.zshrc'))).toThrow();
    });
  });
});
