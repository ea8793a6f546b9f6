// What `npm publish` would ship: only what users need, no runtime dependencies, a small tarball.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli';

interface PackFile {
  path: string;
  size: number;
}

describe('the published package', () => {
  const pack = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))[0] as {
    size: number;
    files: PackFile[];
  };
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

  it('holds only dist, docs, README, LICENSE, action.yml and package.json', () => {
    const outside = pack.files.map((f) => f.path).filter((p) => !/^(dist\/|docs\/[\w-]+\.md$|README\.md$|LICENSE$|action\.yml$|package\.json$)/.test(p));
    expect(outside).toEqual([]);
    expect(pack.files.map((f) => f.path)).toEqual(expect.arrayContaining(['dist/cli.cjs', 'dist/app.cjs', 'dist/index.js', 'dist/action.js', 'dist/vendor/yargs.cjs', 'dist/vendor/inquirer.cjs', 'dist/vendor/execa.cjs', 'dist/THIRD_PARTY_LICENSES.txt', 'README.md', 'LICENSE', 'action.yml']));
  });

  it('has no runtime dependencies: everything is bundled', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.optionalDependencies ?? {}).toEqual({});
    expect(pkg.bin).toEqual({ 'ionq-env-setup': 'dist/cli.cjs' });
  });

  it('packs to at most 150 KB', () => {
    expect(pack.size).toBeLessThanOrEqual(150 * 1024);
  });
});
