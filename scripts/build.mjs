// Bundles the CLI into dist/ with esbuild: one small entry file, and separate chunks (prompts, execa)
// that are loaded only on the paths that need them.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  // action.js is the GitHub Action's entry (action.yml); it shares the chunks of cli.js.
  entryPoints: { cli: 'src/bin.ts', index: 'src/index.ts', action: 'src/action-bin.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  minify: true,
  legalComments: 'linked',
  sourcemap: false,
  chunkNames: 'chunks/[name]-[hash]',
  define: { __VERSION__: JSON.stringify(pkg.version) },
  // Some bundled CommonJS code calls require(); give ESM chunks a real one.
  banner: { js: "import { createRequire as __ionqCreateRequire } from 'node:module'; const require = __ionqCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
