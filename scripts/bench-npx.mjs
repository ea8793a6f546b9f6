#!/usr/bin/env node
// Benchmark of the README's main command: `npx ionq-env-setup`, fetched from a real (local) npm registry,
// against `npx` of a one-file package that only prints a version line. What npx itself costs (resolve,
// fetch, extract, link, start Node) is the same for both, so the ratio shows what our package adds: its
// tarball's size and file count, and the time its code takes to start.
//
//   node scripts/bench-npx.mjs <ionq-env-setup.tgz> [--runs 7] [--json]
//
// Library: benchNpx({ tarball, runs, log }) → rows; printNpxTable(rows).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeHelloPackage, npx, publish, startRegistry } from './local-registry.mjs';

/** The middle of the numbers (the mean of the two middle ones for an even count). */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Times `npx --yes ionq-env-setup --version` and `npx --yes ionq-env-setup status` against the same
 * command line with `ionq-hello`, each cold (a fresh, empty npm cache for every run: a first `npx` on a
 * machine) and warm (one cache reused after a warm-up run: every later `npx`). The two alternate, which
 * one goes first alternating too, so drift in machine load hits both alike; medians are compared.
 * Runs from an unrelated temp folder (inside this repository npx would run the working copy) with a temp
 * HOME (no key set, so `status` exits 1, which counts as a normal run; any other non-zero exit is an error).
 * @param {{ tarball: string, runs?: number, log?: (line: string) => void }} options
 * Rows also hold the median CPU times (baselineCpuMs, toolCpuMs, cpuRatio; NaN without /usr/bin/time).
 * @returns {Promise<{ name: string, baselineMs: number, toolMs: number, ratio: number, target: number, baselineCpuMs: number, toolCpuMs: number, cpuRatio: number }[]>}
 */
export async function benchNpx({ tarball, runs = 7, log = () => {} }) {
  if (!tarball) throw new Error('benchNpx needs { tarball } (from `npm pack`)');
  const tmp = await mkdtemp(join(tmpdir(), 'ionq-bench-npx-'));
  let registry;
  try {
    registry = await startRegistry({ dir: join(tmp, 'registry') });
    log(`bench-npx: registry at ${registry.url}`);
    await publish(registry, resolve(tarball));
    await publish(registry, await makeHelloPackage(join(tmp, 'hello')));
    const home = join(tmp, 'home');
    const cwd = join(tmp, 'cwd');
    await mkdir(home);
    await mkdir(cwd);
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', SHELL: '/bin/bash', TERM: 'dumb' };
    let fresh = 0;
    const newCache = async () => {
      const dir = join(tmp, 'caches', String(fresh++));
      await mkdir(dir, { recursive: true });
      return dir;
    };
    /** One timed npx run ({ ms, cpuMs }); throws on an exit code that `ok` does not allow. */
    const once = async (pkg, args, cache, ok) => {
      const r = await npx(registry, { args: [pkg, ...args], cwd, cache, env });
      if (!ok.includes(r.code)) throw new Error(`npx --yes ${pkg} ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
      return r;
    };

    const cases = [
      { args: ['--version'], ok: [0] },
      { args: ['status'], ok: [0, 1] },
    ];
    const rows = [];
    for (const c of cases) {
      for (const temperature of ['cold', 'warm']) {
        const name = `npx ${c.args.join(' ')}, ${temperature}`;
        const base = [];
        const tool = [];
        let caches;
        if (temperature === 'warm') {
          caches = { hello: await newCache(), tool: await newCache() };
          // Warm-up, not counted: fills each npm cache (and anything a package keeps in its installed folder).
          await once('ionq-hello', c.args, caches.hello, [0]);
          await once('ionq-env-setup', c.args, caches.tool, c.ok);
        }
        const hello = async () => base.push(await once('ionq-hello', c.args, caches?.hello ?? (await newCache()), [0]));
        const ours = async () => tool.push(await once('ionq-env-setup', c.args, caches?.tool ?? (await newCache()), c.ok));
        for (let i = 0; i < runs; i++) {
          if (i % 2) {
            await hello();
            await ours();
          } else {
            await ours();
            await hello();
          }
        }
        const baselineMs = median(base.map((r) => r.ms));
        const toolMs = median(tool.map((r) => r.ms));
        // CPU time too: on a shared machine wall time swings by tens of per cent between runs, CPU time (of
        // npx and what it ran; the registry's is not counted) much less. The target is on wall time.
        const baselineCpuMs = median(base.map((r) => r.cpuMs));
        const toolCpuMs = median(tool.map((r) => r.cpuMs));
        rows.push({ name, baselineMs, toolMs, ratio: toolMs / baselineMs, target: 1.05, baselineCpuMs, toolCpuMs, cpuRatio: toolCpuMs / baselineCpuMs });
        log(`bench-npx: ${name}: hello ${baselineMs.toFixed(0)} ms, ionq-env-setup ${toolMs.toFixed(0)} ms (CPU ${baselineCpuMs.toFixed(0)} / ${toolCpuMs.toFixed(0)} ms)`);
      }
    }
    return rows;
  } finally {
    await registry?.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Prints the rows as a plain-text table: case, ionq-hello ms, ionq-env-setup ms, ratio, target (then the CPU-time ratio). */
export function printNpxTable(rows, write = (line) => console.log(line)) {
  const head = ['case', 'hello ms', 'ionq ms', 'ratio', 'target', 'CPU ratio'];
  const cpu = (r) => (Number.isFinite(r.cpuRatio) ? `${r.cpuRatio.toFixed(2)}×` : '–');
  const body = rows.map((r) => [r.name, r.baselineMs.toFixed(0), r.toolMs.toFixed(0), `${r.ratio.toFixed(2)}×`, `≤ ${r.target}×${r.ratio > r.target ? ' MISSED' : ''}`, cpu(r)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  write(line(head));
  write(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) write(line(b));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const tarball = args.find((a) => a.endsWith('.tgz'));
  const runs = Number(args[args.indexOf('--runs') + 1] || 0) || 7;
  if (!tarball) {
    console.error('usage: node scripts/bench-npx.mjs <ionq-env-setup.tgz> [--runs 7] [--json]');
    process.exitCode = 2;
  } else {
    const rows = await benchNpx({ tarball, runs, log: (l) => console.error(l) });
    if (args.includes('--json')) console.log(JSON.stringify(rows, null, 2));
    else {
      console.log(`\nnpx from a local registry — ${runs} alternating runs per case, medians, Node ${process.version}\n`);
      printNpxTable(rows);
    }
  }
}
