#!/usr/bin/env node
// One pinned Node build, fetched once from the npm registry (the `node-<os>-<arch>@VERSION` package, whose
// bin/node is the official binary) into <repo>/.cache/node (gitignored; IONQ_NODE_CACHE overrides it).
// Used by scripts/node-matrix.sh (every Node version package.json promises) and scripts/mutate.mjs
// (Stryker 10 needs Node 22), so both share one cache and one way to fill it.
//
//   node scripts/fetch-node.mjs 22.23.3     prints the path of that version's node, fetching it if needed
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = process.env.IONQ_NODE_CACHE || join(ROOT, '.cache', 'node');

/** The path of Node `version`'s binary for this OS and CPU, fetched into the cache the first time. */
export function fetchNode(version, log = (message) => process.stderr.write(`fetch-node: ${message}\n`)) {
  const pkg = `node-${process.platform}-${process.arch}`;
  const dir = join(CACHE, `${pkg}-${version}`);
  const node = join(dir, 'bin', 'node');
  if (!existsSync(node)) {
    log(`fetching ${pkg}@${version} from the npm registry into ${dir}`);
    mkdirSync(CACHE, { recursive: true });
    const tmp = mkdtempSync(join(CACHE, '.pack-'));
    try {
      const packed = spawnSync('npm', ['pack', `${pkg}@${version}`, '--silent'], { cwd: tmp, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      if (packed.status !== 0) throw new Error(`npm pack ${pkg}@${version} failed`);
      const tgz = join(tmp, packed.stdout.trim().split('\n').pop());
      const untar = spawnSync('tar', ['-xzf', tgz, '-C', tmp, 'package/bin/node'], { stdio: 'inherit' });
      if (untar.status !== 0) throw new Error(`could not unpack ${tgz}`);
      // Moved into place whole, so an interrupted fetch never leaves a half-written node behind.
      mkdirSync(join(tmp, 'out'));
      renameSync(join(tmp, 'package', 'bin'), join(tmp, 'out', 'bin'));
      rmSync(dir, { recursive: true, force: true });
      renameSync(join(tmp, 'out'), dir);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  // A cache entry from another version (or a damaged one) must not pass for the pinned build.
  const actual = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout?.trim();
  if (actual !== version) throw new Error(`${node} reports ${actual || 'nothing'}, not ${version}; delete ${dir} and run again.`);
  return node;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const version = process.argv[2];
  if (!/^\d+\.\d+\.\d+$/.test(version ?? '')) {
    process.stderr.write('usage: node scripts/fetch-node.mjs MAJOR.MINOR.PATCH\n');
    process.exit(2);
  }
  try {
    process.stdout.write(`${fetchNode(version)}\n`);
  } catch (error) {
    process.stderr.write(`fetch-node: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
