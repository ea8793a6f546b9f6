// Bundles the CLI into dist/ with esbuild: a tiny entry file, and chunks (the CLI, prompts, execa) loaded
// only on the paths that need them. Then renders every --help text and --version with the bundle itself
// and builds once more with those texts embedded, so they print without loading the argument parser.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';

const root = new URL('..', import.meta.url);
const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8'));

// string-width (under yargs' help renderer and Inquirer) builds an Intl.Segmenter when it is imported,
// which loads ICU data: measured here at ~60% of Node's own start-up, on every run, for text that is only
// measured when help or a prompt is drawn. This makes the segmenter lazy: created on first use.
const EAGER_SEGMENTER = 'const segmenter = new Intl.Segmenter();';
const lazySegmenter = {
  name: 'lazy-intl-segmenter',
  setup(b) {
    b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(EAGER_SEGMENTER)) {
        return { contents: source, loader: 'js', warnings: [{ text: `string-width changed: ${args.path} no longer builds its segmenter eagerly (check start-up time with npm run bench)` }] };
      }
      const lazy = 'let eagerSegmenter; const segmenter = { segment: (text) => (eagerSegmenter ??= new Intl.Segmenter()).segment(text) };';
      return { contents: source.replace(EAGER_SEGMENTER, lazy), loader: 'js' };
    });
  },
};

const bundle = (prerendered) =>
  build({
    absWorkingDir: root.pathname,
    // action.js is the GitHub Action's entry (action.yml); it shares the chunks of cli.js.
    entryPoints: { cli: 'src/bin.ts', index: 'src/index.ts', action: 'src/action-bin.ts' },
    outdir: 'dist',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    minify: true,
    legalComments: 'none',
    sourcemap: false,
    chunkNames: 'chunks/[name]-[hash]',
    define: { __VERSION__: JSON.stringify(pkg.version), __PRERENDERED__: prerendered ? JSON.stringify(prerendered) : 'undefined' },
    // Some bundled CommonJS code calls require(); give ESM chunks a real one.
    banner: { js: "import { createRequire as __ionqCreateRequire } from 'node:module'; const require = __ionqCreateRequire(import.meta.url);" },
    metafile: true,
    plugins: [lazySegmenter],
    logLevel: 'warning',
  });

await rm(new URL('dist', root), { recursive: true, force: true });
const first = await bundle(undefined);

// Render with a plain environment and no terminal, so the texts are the same on every machine.
const render = (...args) =>
  execFileSync(process.execPath, ['dist/cli.js', ...args], { cwd: root.pathname, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', LANG: 'C' } });
const prerendered = { '--help': render('--help'), '--version': render('--version') };
for (const [, command] of prerendered['--help'].matchAll(/^ {2}ionq-env-setup ([a-z][a-z-]*)/gm)) {
  prerendered[`${command} --help`] = render(command, '--help');
}
await rm(new URL('dist', root), { recursive: true, force: true });
const final = await bundle(prerendered);

await writeFile(new URL('dist/THIRD_PARTY_LICENSES.txt', root), await thirdPartyLicenses(final.metafile ?? first.metafile));

/** The licence text of every package whose code is in the bundle (they are MIT/ISC; their terms ask for it). */
async function thirdPartyLicenses(metafile) {
  const packages = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) packages.add(m[1]);
  }
  const parts = [];
  for (const name of [...packages].sort()) {
    const dir = new URL(`node_modules/${name}/`, root);
    const meta = JSON.parse(await readFile(new URL('package.json', dir), 'utf8'));
    let text = '';
    for (const file of ['LICENSE', 'LICENSE.md', 'license', 'LICENSE.txt', 'license.md', 'LICENCE']) {
      try {
        text = await readFile(new URL(file, dir), 'utf8');
        break;
      } catch {
        // try the next name
      }
    }
    parts.push(`## ${name}@${meta.version} (${meta.license ?? 'see text'})\n\n${text.trim() || `License: ${meta.license}`}\n`);
  }
  return `Third-party code bundled into ionq-env-setup\n\n${parts.join('\n')}`;
}
