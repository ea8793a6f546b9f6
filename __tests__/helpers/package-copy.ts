// A copy of the built package in a temp dir, so the code cache that dist/cli.cjs keeps beside its package
// (<package>/.cache/v8/) goes somewhere the test owns and starts empty, not into the working tree.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE_UNDER_TEST, ROOT } from './cli';

export interface PackageCopy {
  /** The temp dir that holds the copy (<tmp>), for anything else the test needs beside it. */
  tmp: string;
  /** <tmp>/pkg: the package root. */
  root: string;
  /** <tmp>/pkg/dist/cli.cjs: the executable to run. */
  cli: string;
  /** <tmp>/pkg/.cache/v8: where the launcher keeps its code cache. */
  cacheDir: string;
  /** Cache file name → its lstat, for every file in the cache dir (empty when there is none). */
  cacheFiles(): Map<string, Stats>;
  /**
   * The name the launcher gives the cache of `bundle` ("app", "yargs") for `command`: the bundle, the
   * build id (a hash of the bundles, computed here the way scripts/build.mjs does), the bundle file's
   * modification time, the command, the Node version and the CPU.
   */
  cacheName(bundle: string, command: string): string;
  cleanup(): void;
}

export function copyBuiltPackage(): PackageCopy {
  const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'ionq-pkg-')));
  const root = join(tmp, 'pkg');
  cpSync(join(ROOT, 'dist'), join(root, 'dist'), { recursive: true });
  const cacheDir = join(root, '.cache', 'v8');
  return {
    tmp,
    root,
    cli: join(root, 'dist', 'cli.cjs'),
    cacheDir,
    cacheFiles() {
      let names: string[];
      try {
        names = readdirSync(cacheDir).sort();
      } catch {
        return new Map();
      }
      return new Map(names.map((name) => [name, lstatSync(join(cacheDir, name))]));
    },
    cacheName(bundle, command) {
      const file = join(root, 'dist', bundle === 'app' ? 'app.cjs' : `vendor/${bundle}.cjs`);
      const modified = Math.trunc(statSync(file).mtimeMs).toString(36);
      return `${bundle}-${buildIdOf(join(root, 'dist'))}-${modified}-${command}-${runtimeTag()}.v8cache`;
    },
    cleanup: () => rmSync(tmp, { recursive: true, force: true }),
  };
}

/** The build id of the bundles in `dist` (scripts/build.mjs: sha256 over app.cjs and dist/vendor/*, in order). */
export function buildIdOf(dist: string): string {
  const hash = createHash('sha256');
  for (const file of ['app.cjs', ...readdirSync(join(dist, 'vendor')).sort().map((f) => `vendor/${f}`)]) hash.update(file).update(readFileSync(join(dist, file)));
  return hash.digest('hex').slice(0, 12);
}

/** "<node version>-<arch>" of the Node that runs the built CLI: the end of every cache file's name. */
export function runtimeTag(): string {
  return execFileSync(NODE_UNDER_TEST, ['-p', '`${process.version}-${process.arch}`'], { encoding: 'utf8' }).trim();
}
