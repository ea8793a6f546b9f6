// Loads the application's CommonJS bundles (dist/app.cjs and the dist/vendor/ files it requires) through
// V8's code cache. Parsing and compiling ~100 KB of JavaScript is most of what a plain `set` or `status`
// costs beyond starting Node itself; with the cache, every run after the first skips it.
//
// Why not Node's own module.enableCompileCache(): it exists only from Node 22.1, and it saves the cache
// right after compiling a file, before any function has run, so the functions compiled lazily during a run
// (most of the work) are not in it. Here the cache is written after the command has run
// (script.createCachedData() then holds every function compiled so far).
//
// Where: beside the package (<package>/.cache/v8/), never in the user's home. Whoever can write there can
// already change the code itself, so a planted cache gives no one more power than they have. Where that
// directory cannot be written (a read-only or root-owned install), runs simply go without a cache. V8
// checks each cache against its own version, flags and the source, and ignores one that does not fit.
// The cache holds compiled code and the constants of our source, never run-time values: no key.
// V8 checks a cache's header but (in release builds) not the bytes behind it: a cache damaged there
// makes Node abort with a fatal error in V8's deserialiser, on every run. So a cache file is written
// whole or not at all (synced, then renamed into place), and each file carries a sample of its own bytes
// that is checked before V8 sees it (see checkedCache); a file that fails counts as no cache.
// NODE_DISABLE_COMPILE_CACHE=1 (the variable that also turns off Node's own cache) turns it off.
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

interface LoadedBundle {
  script: Script;
  cacheFile: string;
  /** No usable cache was found: write one once the run is over. */
  stale: boolean;
}

export interface BundleLoader {
  /** Runs a CommonJS bundle (absolute path) and returns its exports; each file runs once. */
  load(file: string): unknown;
  /** Writes the cache of every bundle that had none; never throws (a cache is only ever a speed-up). */
  save(): void;
}

export interface BundleLoaderOptions {
  /** Where cache files go; undefined turns the cache off. */
  cacheDir: string | undefined;
  /** A hash of the bundles' contents (from the build): caches of any other build are stale. */
  buildId: string;
  /** What this run does ("set", "status"…): each gets its own caches, holding the code it runs. */
  variant: string;
  /** For everything a bundle requires that is not one of our own files (node: built-ins). */
  fallbackRequire: (id: string) => unknown;
}

/** The cache directory for a package whose bundles are in `distDir`, or undefined when turned off. */
export function cacheDirFor(distDir: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  return join(distDir, '..', '.cache', 'v8');
}

/**
 * A cache file name: the bundle, the build, the bundle file's modification time, the variant, the Node
 * version and the CPU. V8 refuses a cache made by another V8 or for a source of another length, but not
 * one made for a different source of the same length: the build id keeps a rebuilt bundle from running
 * old code, the modification time a bundle edited in place (patch-package).
 */
export function cacheFileName(bundle: string, buildId: string, modifiedMs: number, variant: string, nodeVersion: string, arch: string): string {
  return `${bundleName(bundle)}-${buildId}-${modifiedPart(modifiedMs)}-${variant}-${nodeVersion}-${arch}.v8cache`.replace(/[^\w.-]/g, '_');
}

const bundleName = (bundle: string): string => basename(bundle, '.cjs');
const modifiedPart = (modifiedMs: number): string => Math.trunc(modifiedMs).toString(36);

/**
 * Files in the cache directory to delete: caches of other builds, caches of an earlier copy of a bundle
 * this run loaded (`current`: bundle name → the modification-time part of its cache names), and temp
 * files of runs that died.
 */
export function staleCacheFiles(names: readonly string[], buildId: string, current: ReadonlyMap<string, string>, isRunning: (pid: number) => boolean): string[] {
  return names.filter((name) => {
    const temp = /\.(\d+)\.tmp$/.exec(name);
    if (temp) return !isRunning(Number(temp[1]));
    if (!name.endsWith('.v8cache')) return false;
    if (!name.includes(`-${buildId}-`)) return true;
    for (const [bundle, modified] of current) {
      if (name.startsWith(`${bundle}-${buildId}-`) && !name.startsWith(`${bundle}-${buildId}-${modified}-`)) return true;
    }
    return false;
  });
}

export function createBundleLoader(options: BundleLoaderOptions): BundleLoader {
  const modules = new Map<string, { exports: unknown }>();
  const loaded: LoadedBundle[] = [];
  const modifiedParts = new Map<string, string>();
  // Each bundled module requires the built-ins it uses itself (node:path some twenty times): ask Node once.
  const builtins = new Map<string, unknown>();
  const builtin = (id: string): unknown => {
    if (!builtins.has(id)) builtins.set(id, options.fallbackRequire(id));
    return builtins.get(id);
  };

  const load = (file: string): unknown => {
    const known = modules.get(file);
    if (known) return known.exports;
    const { source, modifiedMs } = readSource(file);
    modifiedParts.set(bundleName(file), modifiedPart(modifiedMs));
    const cacheFile = options.cacheDir === undefined ? '' : join(options.cacheDir, cacheFileName(file, options.buildId, modifiedMs, options.variant, process.version, process.arch));
    const cachedData = cacheFile ? readCheckedCache(cacheFile) : undefined;
    // The same wrapper Node's CommonJS loader puts around a file, so the bundle runs as it would if required.
    const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
    if (cacheFile) loaded.push({ script, cacheFile, stale: cachedData === undefined || script.cachedDataRejected === true });
    const module = { exports: {} as unknown };
    modules.set(file, module);
    const dir = dirname(file);
    // Our bundles require each other by relative path ("./vendor/yargs.cjs"); everything else is a built-in.
    const requireFromBundle = (id: string): unknown => (id.startsWith('./') || id.startsWith('../') ? load(join(dir, id)) : builtin(id));
    (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, requireFromBundle, module, file, dir);
    return module.exports;
  };

  const save = (): void => {
    let wrote = false;
    for (const bundle of loaded) {
      if (!bundle.stale) continue;
      bundle.stale = false;
      try {
        writeAtomically(bundle.cacheFile, bundle.script.createCachedData());
        wrote = true;
      } catch {
        // Read-only install, full disk, a race with another run: the next run compiles again, that is all.
      }
    }
    // Tidy up only when writing anyway (rare: after an install or an upgrade), never on a plain run.
    if (wrote && options.cacheDir !== undefined) pruneStale(options.cacheDir, options.buildId, modifiedParts);
  };

  return { load, save };
}

function readSource(file: string): { source: string; modifiedMs: number } {
  const fd = openSync(file, 'r');
  try {
    return { modifiedMs: fstatSync(fd).mtimeMs, source: readFileSync(fd, 'utf8') };
  } finally {
    closeSync(fd);
  }
}

function pruneStale(dir: string, buildId: string, current: ReadonlyMap<string, string>): void {
  try {
    for (const name of staleCacheFiles(readdirSync(dir), buildId, current, isRunning)) rmSync(join(dir, name), { force: true });
  } catch {
    // another run may be tidying at the same moment
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, but belongs to someone else.
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * Every SAMPLE_STRIDE-th byte of the cache is repeated after it; then its length and FOOTER_MAGIC. The
 * stride is a balance: checking every 256th byte costs a run ~0.2 ms, every 64th ~0.7 ms; any damage that
 * spans 256 bytes meets a sample.
 */
const SAMPLE_STRIDE = 256;
const FOOTER_MAGIC = 0x71_6e_6f_69; // "ionq"
const FOOTER_BYTES = 8;

/** A cache as written to its file: the cache, a sample of its bytes, its length and a magic number. */
export function withSample(cache: Buffer): Buffer {
  const samples = Math.ceil(cache.length / SAMPLE_STRIDE);
  const file = Buffer.allocUnsafe(cache.length + samples + FOOTER_BYTES);
  cache.copy(file, 0);
  for (let i = 0; i < samples; i++) file[cache.length + i] = cache[i * SAMPLE_STRIDE]!;
  file.writeUInt32LE(cache.length, file.length - FOOTER_BYTES);
  file.writeUInt32LE(FOOTER_MAGIC, file.length - 4);
  return file;
}

/**
 * The cache in a file's bytes if they pass the checks: the right layout, and every sampled byte as it was
 * written. A cache cut short or overwritten in part fails; checking all of it would need a checksum, and
 * node:zlib or node:crypto cost a run several milliseconds just to load (as does reading a second copy:
 * fresh memory is dear on the virtual machines CI runs on).
 */
export function checkedCache(file: Buffer): Buffer | undefined {
  if (file.length < FOOTER_BYTES || file.readUInt32LE(file.length - 4) !== FOOTER_MAGIC) return undefined;
  const length = file.readUInt32LE(file.length - FOOTER_BYTES);
  const samples = Math.ceil(length / SAMPLE_STRIDE);
  if (length === 0 || length + samples + FOOTER_BYTES !== file.length) return undefined;
  for (let i = 0; i < samples; i++) if (file[length + i] !== file[i * SAMPLE_STRIDE]) return undefined;
  return file.subarray(0, length);
}

function readCheckedCache(file: string): Buffer | undefined {
  try {
    return checkedCache(readFileSync(file));
  } catch {
    return undefined;
  }
}

/**
 * The cache with its sample (see checkedCache), written to a temp file, synced, then renamed into place: a
 * concurrent run reads the old cache or the new one, and a crash cannot leave a cache half written.
 */
function writeAtomically(file: string, data: Buffer): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeFileSync(fd, withSample(data));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
