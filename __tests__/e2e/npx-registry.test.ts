// The README's main command for real: `npx ionq-env-setup`, with the packed package published to a local npm
// registry (verdaccio on 127.0.0.1, scripts/local-registry.mjs) and fetched, installed and run by npx from an
// unrelated folder with a temp HOME — as a user runs it, minus the internet.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempHome, type TempHome } from '../helpers/home';
import { localRegistry, type LocalRegistry, type Registry } from '../helpers/local-registry';
import { TEST_KEY } from '../helpers/keys';
import { expectNoKey } from '../helpers/leak';
import { readVarInShell, requireProgram } from '../helpers/shells';

// Not ../helpers/cli's ROOT: that module imports src/, and this test runs only what `npm pack` ships.
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

let lib: LocalRegistry;
let tmp: string;
let registry: Registry | undefined;
let h: TempHome;
/** An unrelated folder to run npx in: inside this repository npx would run the working copy instead. */
let cwd: string;
/** npm's cache for this file's npx runs: empty before the first (a cold run), reused by the next. */
let cache: string;
const version: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

beforeAll(async () => {
  lib = await localRegistry();
  // The first time on a machine this runs `npm ci` for verdaccio (CI does it beforehand with --install).
  await lib.ensureVerdaccio();
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'ionq-npx-')));
  // What `npm publish` would upload (dist/ comes from `npm run build`, which `npm test` runs first).
  const { tarball } = await lib.packPackage(ROOT, tmp);
  registry = await lib.startRegistry({ dir: join(tmp, 'registry') });
  await lib.publish(registry, tarball);
  cwd = join(tmp, 'elsewhere');
  cache = join(tmp, 'npm-cache');
  mkdirSync(cwd);
  mkdirSync(cache);
  h = await makeTempHome();
}, 240_000);

afterAll(async () => {
  await registry?.stop();
  await h?.cleanup();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/**
 * The environment of each npx run: the temp home, bash as the login shell, and, under scripts/node-matrix.sh,
 * the Node under test first on PATH, so npx, and the CLI it starts through its `#!/usr/bin/env node`, run on
 * each supported Node version in turn (as they do for a user who has that Node).
 */
function npxEnv(): Record<string, string> {
  const underTest = process.env.NODE_UNDER_TEST;
  return { ...h.env, SHELL: '/bin/bash', PATH: underTest ? `${dirname(underTest)}:${h.env.PATH}` : h.env.PATH! };
}

/** Every file npm wrote into its log folder for these runs: npm's own record of what it was asked. */
function npmLogs(): string {
  const dir = join(cache, '_logs');
  if (!existsSync(dir)) return '';
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

describe('npx ionq-env-setup, from a registry', () => {
  it('--version fetches the published package and prints the version in package.json', async () => {
    const run = await lib.npx(registry!, { args: ['ionq-env-setup', '--version'], cwd, cache, env: npxEnv() });
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    // It ran the copy npx installed into its cache from the local registry, not a copy from this repository.
    const installs = readdirSync(join(cache, '_npx')).filter((d) => existsSync(join(cache, '_npx', d, 'node_modules', 'ionq-env-setup')));
    expect(installs).toHaveLength(1);
    const lock = JSON.parse(readFileSync(join(cache, '_npx', installs[0]!, 'package-lock.json'), 'utf8'));
    expect(lock.packages['node_modules/ionq-env-setup']).toMatchObject({ version, resolved: `${registry!.url}ionq-env-setup/-/ionq-env-setup-${version}.tgz` });
    // npx wrote nothing into the home: npm's files all went into `cache`.
    expect(readdirSync(h.home)).toEqual([]);
  }, 120_000);

  it('--key-stdin --shell bash saves the key (exit 0), a new bash sees exactly it, and no output shows it', async () => {
    const env = npxEnv();
    const run = await lib.npx(registry!, { args: ['ionq-env-setup', '--key-stdin', '--shell', 'bash'], cwd, cache, env, input: `${TEST_KEY}\n` });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('…zq7w');
    expect(run.stdout).toContain('source ~/.bashrc');
    expect(readFileSync(join(h.home, '.bashrc'), 'utf8')).toContain('IONQ_API_KEY');
    if (requireProgram('bash')) expect(readVarInShell('bash', h.env)).toBe(TEST_KEY);
    expectNoKey(run.stdout, TEST_KEY, 'stdout of npx');
    expectNoKey(run.stderr, TEST_KEY, 'stderr of npx');
    expectNoKey(npmLogs(), TEST_KEY, "npm's debug logs");
    // And `npx ionq-env-setup status` (exit 1 while no key is set) now finds it, masked.
    const status = await lib.npx(registry!, { args: ['ionq-env-setup', 'status'], cwd, cache, env });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('…zq7w');
    expectNoKey(status.stdout, TEST_KEY, 'stdout of npx … status');
    expectNoKey(status.stderr, TEST_KEY, 'stderr of npx … status');
  }, 120_000);
});
