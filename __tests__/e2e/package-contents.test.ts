// What `npm publish` would ship: only what users need, no runtime dependencies, a small tarball.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint, type Options } from 'publint';
import { formatMessage } from 'publint/utils';
import { NODE_UNDER_TEST, ROOT, runBuilt } from '../helpers/cli';
import { TEST_KEY } from '../helpers/keys';
import { snapshotDir } from '../helpers/snapshot';
import { makeTempHome } from '../helpers/home';
import { localRegistry } from '../helpers/local-registry';

interface PackFile {
  path: string;
  size: number;
}

/** The tarball `npm publish` would upload, packed once for the tests that need the real file. */
let packDir: string | undefined;
let tarball: string | undefined;
async function packed(): Promise<string> {
  if (tarball) return tarball;
  packDir = mkdtempSync(join(tmpdir(), 'ionq-pack-'));
  return (tarball = (await (await localRegistry()).packPackage(ROOT, packDir)).tarball);
}
afterAll(() => {
  if (packDir) rmSync(packDir, { recursive: true, force: true });
});

describe('the published package', () => {
  const pack = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--offline', '--no-update-notifier'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))[0] as {
    size: number;
    files: PackFile[];
  };
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

  it('holds only dist, docs, README, CHANGELOG, LICENSE, action.yml and package.json', () => {
    const outside = pack.files.map((f) => f.path).filter((p) => !/^(dist\/|docs\/[\w-]+\.md$|README\.md$|CHANGELOG\.md$|LICENSE$|action\.yml$|package\.json$)/.test(p));
    expect(outside).toEqual([]);
    expect(pack.files.map((f) => f.path)).toEqual(expect.arrayContaining(['dist/cli.js', 'dist/index.js', 'dist/action.js', 'dist/THIRD_PARTY_LICENSES.txt', 'README.md', 'CHANGELOG.md', 'LICENSE', 'action.yml']));
    // Everything else in dist/ is a chunk of the one bundle that those three entries share.
    expect(pack.files.map((f) => f.path).filter((p) => p.startsWith('dist/') && !/^dist\/(cli|index|action)\.js$|^dist\/THIRD_PARTY_LICENSES\.txt$/.test(p)).every((p) => /^dist\/chunks\/[\w-]+\.js$/.test(p))).toBe(true);
  });

  it('has no runtime dependencies: everything is bundled', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.optionalDependencies ?? {}).toEqual({});
    expect(pkg.bin).toEqual({ 'ionq-env-setup': 'dist/cli.js' });
  });

  it('packs to at most 250 KB', () => {
    expect(pack.size).toBeLessThanOrEqual(250 * 1024);
  });

  it('its programmatic API (dist/index.js) imports by the package name and runs a command', async () => {
    const home = await makeTempHome();
    try {
      // Run from the repository, where `import('ionq-env-setup')` resolves to this package through "exports".
      const script = [
        "const api = await import('ionq-env-setup');",
        'const out = [];',
        'const quiet = { isTTY: false, columns: undefined, write: (t) => out.push(t) };',
        "const sys = api.createNodeSystem({ home: process.env.HOME, env: { HOME: process.env.HOME, PATH: process.env.PATH, SHELL: '/bin/bash' }, stdout: quiet, stderr: { ...quiet, write: () => {} } });",
        "const code = await api.runCli(['status', '--json'], sys);",
        "console.log(JSON.stringify({ names: Object.keys(api).sort(), masked: api.maskKey('abcdefgh12345678'), code, report: JSON.parse(out.join('')) }));",
      ].join('\n');
      const result = JSON.parse(execFileSync(NODE_UNDER_TEST, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: home.home } }));
      expect(result.names).toEqual(['CliError', 'ExitCode', 'createNodeSystem', 'maskKey', 'runCli', 'runSet', 'verifyKey']);
      expect(result.masked).toBe('…5678');
      // No key anywhere in an empty home: status says so with exit 1.
      expect(result.code).toBe(1);
      expect(result.report).toMatchObject({ command: 'status' });
    } finally {
      await home.cleanup();
    }
  });
});

describe('publint', () => {
  /** publint's messages for a package, as it words them, without colour (picocolors turns it on when CI is set); warnings and suggestions count as errors. */
  async function lint(options: Options, pkg: object): Promise<string[]> {
    const { messages } = await publint({ ...options, level: 'suggestion', strict: true });
    return messages.map((m) => formatMessage(m, pkg, { color: false }) ?? m.code);
  }

  it('finds nothing wrong in the tarball npm would publish', async () => {
    const bytes = readFileSync(await packed());
    const pkg: object = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(await lint({ pack: { tarball: new Uint8Array(bytes).buffer } }, pkg)).toEqual([]);
  });

  it('would say so if the entry named in "exports" were not in the package', async () => {
    const pkg = { ...JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')), exports: { '.': './dist/api.js' } };
    const files = [
      { name: '/p/package.json', data: JSON.stringify(pkg) },
      { name: '/p/dist/cli.js', data: '#!/usr/bin/env node\n' },
      { name: '/p/dist/index.js', data: 'export {};\n' },
    ];
    expect(await lint({ pkgDir: '/p', pack: { files } }, pkg)).toEqual([expect.stringContaining('./dist/api.js but the file does not exist')]);
  });
});

describe('the installed package', () => {
  it('is never written to by a run: --help, --version, set, status and remove leave its folder byte for byte', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ionq-installed-'));
    const home = await makeTempHome();
    try {
      execFileSync('tar', ['-xzf', await packed(), '-C', tmp]);
      const pkg = join(tmp, 'package');
      const before = snapshotDir(pkg);
      const cli = join(pkg, 'dist', 'cli.js');
      const env = { ...home.env, SHELL: '/bin/bash' };
      for (const [argv, input, code] of [
        [['--help'], '', 0],
        [['--version'], '', 0],
        [['--key-stdin', '--shell', 'bash'], TEST_KEY, 0],
        [['status'], '', 0],
        [['remove', '--yes'], '', 0],
      ] as const) {
        const run = await runBuilt([...argv], { env, input, script: cli, secrets: [TEST_KEY] });
        expect({ argv, code: run.code }).toEqual({ argv, code });
      }
      expect(snapshotDir(pkg)).toEqual(before);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
      await home.cleanup();
    }
  });
});
