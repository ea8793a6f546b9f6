// Builds dist/ with esbuild in two steps.
//  1. The application, as ES modules with code splitting: dist/main.js (what a run needs), dist/index.js
//     (the programmatic API), dist/action.js (the GitHub Action), and chunks that only some paths load:
//     yargs (help and error messages), Inquirer (the wizard), execa (Windows and git).
//  2. The executable, dist/cli.cjs: a few lines of CommonJS, which Node starts faster than an ES module.
//     It answers --help and --version from texts rendered in step 1 by yargs itself, and imports
//     dist/main.js for everything else.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';

const root = new URL('..', import.meta.url);
const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8'));
const common = {
  absWorkingDir: root.pathname,
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  minify: true,
  legalComments: 'none',
  sourcemap: false,
  logLevel: 'warning',
};

await rm(new URL('dist', root), { recursive: true, force: true });
const app = await build({
  ...common,
  entryPoints: { main: 'src/main.ts', index: 'src/index.ts', action: 'src/action-bin.ts' },
  outdir: 'dist',
  splitting: true,
  format: 'esm',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __VERSION__: JSON.stringify(pkg.version) },
  // Some bundled CommonJS code calls require(); give ESM chunks a real one.
  banner: { js: "import { createRequire as __ionqCreateRequire } from 'node:module'; const require = __ionqCreateRequire(import.meta.url);" },
  metafile: true,
  // yargs' help layout measures text with string-width; src/text-width.ts does that job without
  // string-width's emoji tables and Intl.Segmenter, which cost more start-up than a whole plain run.
  alias: { 'string-width': './src/text-width.ts' },
});

// Render with a plain environment and no terminal, so the texts are the same on every machine.
const render = (...args) =>
  execFileSync(process.execPath, ['--input-type=module', '-e', "const { main } = await import('./dist/main.js'); process.exitCode = await main(process.argv.slice(1));", '--', ...args], {
    cwd: root.pathname,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', LANG: 'C' },
  });
const prerendered = { '--help': render('--help'), '--version': render('--version') };
for (const [, command] of prerendered['--help'].matchAll(/^ {2}ionq-env-setup ([a-z][a-z-]*)/gm)) {
  prerendered[`${command} --help`] = render(command, '--help');
}

await build({
  ...common,
  entryPoints: ['src/bin.ts'],
  outfile: 'dist/cli.cjs',
  format: 'cjs',
  define: { __PRERENDERED__: JSON.stringify(prerendered) },
  // bin.ts imports ./main: at run time that is the application built above, loaded only when needed.
  plugins: [{ name: 'main-is-external', setup: (b) => b.onResolve({ filter: /^\.\/main$/ }, () => ({ path: './main.js', external: true })) }],
});
await chmod(new URL('dist/cli.cjs', root), 0o755);

await writeFile(new URL('dist/THIRD_PARTY_LICENSES.txt', root), await thirdPartyLicenses(app.metafile));

/** The licence text of every package whose code is in the bundle (they are MIT/ISC; their terms ask for it). */
async function thirdPartyLicenses(metafile) {
  // Only packages with code in the output: esbuild also reads modules that tree shaking then drops.
  const packages = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (m && bytesInOutput > 0) packages.add(m[1]);
    }
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
