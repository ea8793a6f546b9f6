#!/usr/bin/env node
// A real npm registry on 127.0.0.1 (verdaccio, no uplinks), so that the README's main command,
// `npx ionq-env-setup`, can be run for real by the end-to-end test and timed by the benchmark, without
// publishing anything anywhere. Library and CLI:
//
//   node scripts/local-registry.mjs --install        install verdaccio into .cache/verdaccio (CI's setup step)
//   node scripts/local-registry.mjs --smoke <tgz>    start, publish <tgz>, `npx --yes <its name> --version`, stop
//
// Verdaccio itself is pinned in scripts/verdaccio/package.json and package-lock.json and installed with
// `npm ci`, so every machine runs the same server. 6.8.0, because 6.10 wants Node 22. The override is needed:
// its verdaccio-audit asks for node-fetch@"cjs", a dist-tag the registry no longer has (npm fails with
// ETARGET). It require()s node-fetch, so the override is 2.7.0, the newest of the CommonJS 2.x line (3.x is
// ES modules only).
import { spawn, execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The committed manifest and lock: what gets installed, and (hashed) whether an install is current. */
const PINNED = join(ROOT, 'scripts', 'verdaccio');
/** Where verdaccio is installed: .cache/ is gitignored, and `npm ci` there cannot touch the project's own node_modules. */
const INSTALL_DIR = join(ROOT, '.cache', 'verdaccio');
const STAMP = '.installed-from';

/**
 * Runs a program and collects its output. Used for npm: its exit code and stderr are what explain a failure.
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
function run(program, args, options = {}) {
  return new Promise((resolvePromise, reject) => {
    execFile(program, args, { maxBuffer: 64 * 1024 * 1024, ...options }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolvePromise({ code: error ? error.code : 0, stdout, stderr });
    });
  });
}

/** Throws with npm's own output when a step that must succeed did not: a bare "exit 1" explains nothing. */
async function mustRun(what, program, args, options) {
  const r = await run(program, args, options);
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}): ${program} ${args.join(' ')}\n${r.stderr}${r.stdout}`);
  return r;
}

/** A hash of the committed package.json and lock: an install made from other files is stale. */
function pinnedHash() {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json']) hash.update(file).update(readFileSync(join(PINNED, file)));
  return hash.digest('hex');
}

const binIn = (dir) => join(dir, 'node_modules', 'verdaccio', 'bin', 'verdaccio');

/**
 * Installs verdaccio into <repo>/.cache/verdaccio with `npm ci` from the committed package.json and lock,
 * unless that exact install is there already (a stamp holds the hash of both files), and returns the path
 * of its bin script (run it with `node`, as startRegistry does).
 *
 * Why `npm ci --prefix` into a temp folder and then a rename: `npm ci` empties node_modules first, so two
 * processes installing at once (a test and the benchmark) would break each other's install; a rename is
 * atomic, and whoever renames second finds a current install and drops its own.
 * Why `--ignore-scripts`: none of verdaccio's 327 packages has an install script (checked when the lock was
 * made), so running none is safe and keeps a dependency update from running code at install time.
 * It uses the caller's npm configuration (registry, proxy, CA file): only the npm registry must be reachable.
 * @returns {Promise<string>}
 */
export async function ensureVerdaccio() {
  const want = pinnedHash();
  const current = () => {
    try {
      return readFileSync(join(INSTALL_DIR, STAMP), 'utf8').trim() === want && existsSync(binIn(INSTALL_DIR));
    } catch {
      return false;
    }
  };
  if (current()) return binIn(INSTALL_DIR);
  await mkdir(dirname(INSTALL_DIR), { recursive: true });
  const staging = `${INSTALL_DIR}.staging-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await mkdir(staging);
    for (const file of ['package.json', 'package-lock.json']) await cp(join(PINNED, file), join(staging, file));
    await mustRun('Installing verdaccio', npmProgram(), ['ci', '--prefix', staging, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: staging });
    await writeFile(join(staging, STAMP), want + '\n');
    if (current()) return binIn(INSTALL_DIR); // another process finished first
    if (existsSync(INSTALL_DIR)) {
      // A stale install (the lock changed): move it aside, then delete it, so the rename below can happen.
      const old = `${INSTALL_DIR}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
      await rename(INSTALL_DIR, old).catch(() => {});
      await rm(old, { recursive: true, force: true });
    }
    try {
      await rename(staging, INSTALL_DIR);
    } catch (error) {
      if (!current()) throw error; // lost a race to another install of the same lock: use theirs
    }
    return binIn(INSTALL_DIR);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * The npm (or npx) installed with the Node running this script (same folder), else the one on PATH: which
 * npm is measured then does not depend on the order of PATH (e.g. a project's node_modules/.bin first).
 */
function npmProgram(name = 'npm') {
  const beside = join(dirname(process.execPath), name);
  return existsSync(beside) ? beside : name;
}

/** A port the kernel says is free now (listen on port 0, read it, close). Verdaccio binds it a moment later. */
function freePort() {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

/** JSON strings are valid YAML scalars: paths with spaces or colons need no YAML quoting rules of our own. */
const q = (s) => JSON.stringify(s);

/**
 * Preloaded into verdaccio's process: when our end of its stdin pipe closes, it exits. The pipe closes when
 * the process that started it ends in any way, including SIGKILL or a crashed jest worker, where no 'exit'
 * handler runs; so no server outlives the test or benchmark that started it.
 */
const WATCHDOG = "process.stdin.on('end', () => process.exit(0)).on('error', () => process.exit(0)).resume();\n";

/**
 * Starts verdaccio on a free port of 127.0.0.1 with its config, storage and htpasswd in `dir` (created),
 * anonymous publish allowed and no uplinks (a package that is not published here is a 404, never a
 * download from the real registry). Also writes a private npmrc for npm and npx to use with
 * NPM_CONFIG_USERCONFIG. Resolves when `GET /-/ping` answers.
 * @param {{ dir: string, timeoutMs?: number }} options
 * `output()` is the server's last 16 KB of output, for an error message.
 * @returns {Promise<{ url: string, port: number, npmrc: string, dir: string, stop(): Promise<void>, output(): string }>}
 */
export async function startRegistry({ dir, timeoutMs = 60_000 }) {
  if (!dir) throw new Error('startRegistry needs { dir }');
  dir = resolve(dir);
  const bin = await ensureVerdaccio();
  await mkdir(join(dir, 'storage'), { recursive: true });
  await writeFile(join(dir, 'watchdog.cjs'), WATCHDOG);
  let lastError;
  // The free port can be taken between freePort() and verdaccio's listen(): then try another.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      return await startOn(bin, dir, port, timeoutMs);
    } catch (error) {
      lastError = error;
      if (!/EADDRINUSE/.test(String(error?.message))) throw error;
    }
  }
  throw lastError;
}

async function startOn(bin, dir, port, timeoutMs) {
  const url = `http://127.0.0.1:${port}/`;
  const config = join(dir, 'config.yaml');
  await writeFile(
    config,
    [
      '# Written by scripts/local-registry.mjs: a throwaway registry for tests and the benchmark.',
      `storage: ${q(join(dir, 'storage'))}`,
      'auth:',
      '  htpasswd:',
      `    file: ${q(join(dir, 'htpasswd'))}`,
      '# No uplinks: nothing is ever fetched from (or leaks to) the real registry.',
      'uplinks: {}',
      'packages:',
      "  '**':",
      '    access: $all',
      '    publish: $all',
      'web:',
      '  enable: false',
      `listen: ${q(`127.0.0.1:${port}`)}`,
      'log: { type: stdout, format: json, level: error }',
      '',
    ].join('\n'),
  );
  // npm and npx read only this file (NPM_CONFIG_USERCONFIG), never the user's ~/.npmrc. Any token will do:
  // the config lets anyone publish, but npm refuses to publish without one. The update notifier is off so
  // that no run asks the registry about npm itself (a 404 here, and a request that is not the command's).
  const npmrc = join(dir, 'npmrc');
  await writeFile(npmrc, [`registry=${url}`, `//127.0.0.1:${port}/:_authToken=anything`, 'update-notifier=false', 'audit=false', 'fund=false', ''].join('\n'));

  // HOME is the registry's folder: nothing verdaccio might look up there is the user's.
  const child = spawn(process.execPath, ['--require', join(dir, 'watchdog.cjs'), bin, '--config', config], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // Unreferenced: a caller that forgets stop() still ends (and its 'exit' handler below kills the server)
  // instead of being kept alive by the server's pipes.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) stream.unref?.();
  // Kept for error messages only (the last 16 KB); verdaccio warns on stderr when run as root, harmlessly.
  let output = '';
  const keep = (d) => void (output = (output + d.toString('utf8')).slice(-16_384));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  const exitedPromise = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  exitedPromise.then(() => (exited = true));
  // The last line of defence for a normal exit (process.exit, end of the event loop): a synchronous kill.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  let stopping;
  const stop = () => {
    // Safe to call twice (afterAll and a finally): the second call waits for the same exit.
    stopping ??= (async () => {
      process.off('exit', killOnExit);
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exitedPromise;
        clearTimeout(timer);
      }
      child.stdin.destroy();
    })();
    return stopping;
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`verdaccio exited before answering ${url}-/ping:\n${output}`);
    }
    try {
      const res = await fetch(`${url}-/ping`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`verdaccio did not answer ${url}-/ping within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, port, npmrc, dir, stop, output: () => output };
}

/**
 * The environment for npm and npx against `registry`: `env` with every npm_config_* variable removed (under
 * `npm test`, npm exports the user's own settings that way: npm_config_userconfig, npm_config_cache,
 * npm_config_local_prefix, an empty npm_config_yes...; they would override the private npmrc or point npx
 * at the project) and NPM_CONFIG_USERCONFIG set to the registry's npmrc.
 */
function npmEnv(registry, env) {
  const out = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && !/^npm_config_/i.test(k)) out[k] = v;
  out.PATH ??= process.env.PATH ?? '/usr/bin:/bin';
  out.NPM_CONFIG_USERCONFIG = registry.npmrc;
  return out;
}

/**
 * Publishes a tarball (from `npm pack`) to the registry, under the `latest` tag (which `npx <name>` runs;
 * npm 11 refuses to publish a prerelease version without an explicit tag). A version can be published
 * once per registry folder.
 * @param {{ url: string, npmrc: string, dir: string }} registry
 * @param {string} tgzPath
 */
export async function publish(registry, tgzPath) {
  const home = join(registry.dir, 'publisher-home');
  await mkdir(home, { recursive: true });
  const env = npmEnv(registry, { HOME: home, LANG: 'C.UTF-8' });
  await mustRun('npm publish', npmProgram(), ['publish', resolve(tgzPath), '--registry', registry.url, '--tag', 'latest', '--ignore-scripts', '--cache', join(home, 'npm-cache'), '--loglevel=error'], { cwd: home, env });
}

/**
 * Writes and packs a one-file package whose bin prints a version line and ignores its arguments: the
 * baseline for timing `npx <package>`, as it costs npx the same resolve, fetch, extract and bin link, and
 * Node's start, with no work of its own.
 * @returns {Promise<string>} the tarball's path (in `dir`)
 */
export async function makeHelloPackage(dir, name = 'ionq-hello') {
  const src = join(resolve(dir), `${name}-src`);
  await mkdir(src, { recursive: true });
  await writeFile(join(src, 'package.json'), JSON.stringify({ name, version: '1.0.0', description: 'Timing baseline for npx', license: 'MIT', bin: { [name]: 'cli.js' } }, null, 2) + '\n');
  await writeFile(join(src, 'cli.js'), `#!/usr/bin/env node\nconsole.log(${q(`${name} 1.0.0`)});\n`, { mode: 0o755 });
  // Its own HOME and npm cache: the baseline package leaves nothing in the user's.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: src, LANG: 'C.UTF-8' };
  return (await packPackage(src, dir, { env, cache: join(src, '.npm-cache') })).tarball;
}

/**
 * Packs the package in `dir` into `destination` as `npm publish` would upload it. No lifecycle scripts run,
 * and no registry is asked (--offline, no update check), so a flaky network cannot fail it.
 * @param {string} dir
 * @param {string} destination
 * @param {{ env?: NodeJS.ProcessEnv, cache?: string }} [options] npm's environment and cache folder
 * @returns {Promise<{ tarball: string, files: number }>} the tarball's path and how many files it holds
 */
export async function packPackage(dir, destination, options = {}) {
  const args = ['pack', '--json', '--ignore-scripts', '--offline', '--no-update-notifier', '--pack-destination', resolve(destination)];
  if (options.cache) args.push('--cache', options.cache);
  const r = await mustRun('npm pack', npmProgram(), args, { cwd: dir, ...(options.env ? { env: options.env } : {}) });
  const [packed] = JSON.parse(r.stdout);
  return { tarball: join(resolve(destination), packed.filename), files: packed.files.length };
}

/**
 * Throws when npx started in `cwd` would not fetch `name` from the registry: npx runs the project's own
 * copy when an enclosing folder's package.json has that name, or its node_modules has it (the pitfall of
 * running `npx ionq-env-setup` inside this repository).
 */
function assertUnrelated(cwd, name) {
  for (let d = resolve(cwd); ; d = dirname(d)) {
    try {
      if (JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).name === name) throw new Error(`npx in ${cwd} would run the local ${name} in ${d}, not the published one: use an unrelated temp folder`);
    } catch (error) {
      if (String(error?.message).startsWith('npx in')) throw error;
    }
    if (existsSync(join(d, 'node_modules', name))) throw new Error(`npx in ${cwd} would run ${join(d, 'node_modules', name)}, not the published package: use an unrelated temp folder`);
    if (dirname(d) === d) return;
  }
}

/** GNU time, where installed: it reports the CPU time of npx and everything npx waited for (the bin it ran). */
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/**
 * Runs `npx --yes --cache <cache> <args...>` against the registry and times it: `ms` is wall time from
 * spawn to exit; `cpuMs` is user + system CPU time of npx and the processes it waited for (NaN without
 * /usr/bin/time), which a busy machine disturbs far less than wall time. `cache` is npm's cache folder: an
 * empty one makes a cold run (resolve, download, extract), a reused one a warm run. `env` must hold a temp
 * HOME: npx must never see (or write to) the real one. npx runs in a process group of its own, so that a
 * timeout kills npx and the program it started, not npx alone.
 * @param {{ npmrc: string }} registry
 * @param {{ args: string[], cwd: string, cache: string, env: Record<string, string | undefined>, input?: string, timeoutMs?: number }} options
 * @returns {Promise<{ code: number, stdout: string, stderr: string, ms: number, cpuMs: number }>}
 */
export function npx(registry, { args, cwd, cache, env, input, timeoutMs = 120_000 }) {
  if (!env?.HOME) throw new Error('npx() needs env.HOME: a temp home, never the real one');
  if (resolve(env.HOME) === resolve(userInfo().homedir)) throw new Error(`npx() was given the real home (${env.HOME}); pass a temp HOME`);
  if (!cwd || !cache || !args?.length) throw new Error('npx() needs { args, cwd, cache }');
  const name = args[0].replace(/(.)@.*$/, '$1');
  assertUnrelated(cwd, name);
  const timeFile = GNU_TIME && join(tmpdir(), `ionq-npx-time-${process.pid}-${randomBytes(4).toString('hex')}`);
  const argv = [npmProgram('npx'), '--yes', '--cache', resolve(cache), ...args];
  const [program, ...rest] = timeFile ? [GNU_TIME, '-f', '%U %S', '-o', timeFile, ...argv] : argv;
  return new Promise((resolvePromise, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(program, rest, { cwd, env: npmEnv(registry, env), stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d) => (stderr += d.toString('utf8')));
    const killGroup = () => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(killGroup, timeoutMs);
    // Should this process end first, npx (in its own group, so not hit by a Ctrl-C here) goes with it.
    process.on('exit', killGroup);
    const done = () => {
      clearTimeout(timer);
      process.off('exit', killGroup);
    };
    child.on('error', (error) => {
      done();
      reject(error);
    });
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      done();
      let cpuMs = NaN;
      if (timeFile) {
        try {
          // GNU time puts "Command exited with non-zero status N" before the format's line: take the last.
          const [user, system] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
          cpuMs = (user + system) * 1000;
        } catch {
          // no report (killed): NaN
        }
        rm(timeFile, { force: true }).catch(() => {});
      }
      resolvePromise({ code: code ?? 128 + (signal === 'SIGKILL' ? 9 : 15), stdout, stderr, ms, cpuMs });
    });
    child.stdin.on('error', () => {}); // npx may exit before reading its input
    child.stdin.end(input ?? '');
  });
}

/** Reads a tarball's package name, so `--smoke` runs the package it was given (without unpacking it). */
async function nameInTarball(tgz, scratch) {
  await mustRun('tar', 'tar', ['-xzf', resolve(tgz), '-C', scratch, 'package/package.json']);
  return JSON.parse(await readFile(join(scratch, 'package', 'package.json'), 'utf8')).name;
}

async function main(argv) {
  if (argv[0] === '--install') {
    console.log(await ensureVerdaccio());
    return 0;
  }
  if (argv[0] === '--smoke' && argv[1]) {
    const tmp = await mkdtemp(join(tmpdir(), 'ionq-registry-smoke-'));
    let registry;
    try {
      const name = await nameInTarball(argv[1], tmp);
      registry = await startRegistry({ dir: join(tmp, 'registry') });
      await publish(registry, argv[1]);
      const home = join(tmp, 'home');
      const cwd = join(tmp, 'cwd');
      await mkdir(home);
      await mkdir(cwd);
      const r = await npx(registry, { args: [name, '--version'], cwd, cache: join(tmp, 'npm-cache'), env: { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', TERM: 'dumb' } });
      console.log(`registry ${registry.url}: npx --yes ${name} --version → exit ${r.code} in ${r.ms.toFixed(0)} ms (CPU ${r.cpuMs.toFixed(0)} ms)`);
      if (r.stdout) console.log(`stdout: ${r.stdout.trimEnd()}`);
      if (r.stderr) console.log(`stderr: ${r.stderr.trimEnd()}`);
      return r.code === 0 ? 0 : 1;
    } finally {
      await registry?.stop();
      await rm(tmp, { recursive: true, force: true });
    }
  }
  console.error('usage: node scripts/local-registry.mjs --install | --smoke <package.tgz>');
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error) => {
      console.error(error?.stack ?? String(error));
      process.exitCode = 1;
    },
  );
}
