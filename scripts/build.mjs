// Builds dist/ with esbuild, all CommonJS (Node starts CommonJS faster than ES modules, and our loader runs
// it through V8's code cache: see src/code-cache.ts).
//  1. dist/app.cjs: the whole application (src/app.ts), one file. What only some runs need (each command
//     but `set`, the wizard, the other targets) is imported dynamically in the sources; in one CommonJS
//     file that code is still only compiled and run when first used.
//  2. dist/vendor/{yargs,inquirer,execa}.cjs (and shared-*.cjs, code they share): the three libraries that
//     only some paths need (help and usage errors, the wizard, Windows and git). The application requires
//     them where it uses them.
//  3. dist/help.json: --help, <command> --help and --version, rendered by yargs itself through step 1.
//  4. dist/cli.cjs: the executable, 4 KB. It answers from dist/help.json when asked for one of those, and
//     loads dist/app.cjs through the code cache for everything else.
//  5. dist/index.js (the programmatic API) and dist/action.js (the GitHub Action): ES-module doors into
//     dist/app.cjs. And dist/THIRD_PARTY_LICENSES.txt for the bundled code.
import { build, transform } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';

const root = new URL('..', import.meta.url);
const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8'));
const common = {
  absWorkingDir: root.pathname,
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  format: 'cjs',
  // IONQ_BUILD_NO_MINIFY=1 keeps names and lines readable, for profiling (--cpu-prof) and debugging.
  minify: !process.env.IONQ_BUILD_NO_MINIFY,
  legalComments: 'none',
  sourcemap: false,
  logLevel: 'warning',
  metafile: true,
  define: { __VERSION__: JSON.stringify(pkg.version) },
  // yargs' help layout measures text with string-width; src/text-width.ts does that job without
  // string-width's emoji tables and Intl.Segmenter, which cost more start-up than a whole plain run.
  // execa's verbose log (never on here) is all that uses figures, yoctocolors and pretty-ms: a few lines
  // each in src/execa-verbose/ stand in.
  alias: {
    'string-width': './src/text-width.ts',
    figures: './src/execa-verbose/figures.ts',
    yoctocolors: './src/execa-verbose/yoctocolors.ts',
    'pretty-ms': './src/execa-verbose/pretty-ms.ts',
  },
};

/** The libraries built apart, and what of each the application uses. */
const VENDOR = {
  // The application imports yargs' default export, which (the sources being "type": "module") esbuild
  // takes to be the whole module.exports of a CommonJS file: so that is what the stand-in hands over.
  yargs: { from: 'yargs', contents: "export { default } from 'yargs';", exports: '.default' },
  // The four prompts the wizard uses, by name, so the rest of @inquirer/prompts stays out.
  inquirer: { from: '@inquirer/prompts', contents: "export { checkbox, confirm, password, select } from '@inquirer/prompts';" },
  execa: { from: 'execa', contents: "export { execa } from 'execa';" },
};

await rm(new URL('dist', root), { recursive: true, force: true });

// An import of a vendor library becomes a stand-in module that requires its file; esbuild runs a module
// that is imported dynamically only when the import happens, so the require stays as lazy as the import.
const vendorAsFiles = {
  name: 'vendor-as-files',
  setup(b) {
    const names = Object.fromEntries(Object.entries(VENDOR).map(([file, v]) => [v.from, file]));
    const filter = new RegExp(`^(${Object.keys(names).map((n) => n.replace(/[/]/g, '\\/')).join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: names[args.path], namespace: 'vendor' }));
    b.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => ({ contents: `module.exports = require("./vendor/${args.path}.cjs")${VENDOR[args.path].exports ?? ''};`, loader: 'js' }));
    b.onResolve({ filter: /^\.\/vendor\// }, (args) => ({ path: args.path, external: true }));
  },
};

/** Our bundles run inside vm.Script (src/code-cache.ts), where import() and import.meta do not exist. */
function assertRunsInVmScript(name, code) {
  if (/\bimport\(|\bimport\.meta\b/.test(code)) throw new Error(`${name}: an import() or import.meta survived the CommonJS conversion`);
}

const outputs = [];
const app = await build({ ...common, entryPoints: ['src/app.ts'], outfile: 'dist/app.cjs', plugins: [vendorAsFiles] });
outputs.push(app.metafile);
assertRunsInVmScript('dist/app.cjs', await readFile(new URL('dist/app.cjs', root), 'utf8'));

// The libraries share some code (signal-exit, esbuild's helpers): built together with code splitting, it
// goes into one shared file instead of a copy in each (the package must stay under 150 KB). Splitting
// exists only for ES modules, so each output file is then turned into CommonJS; the imports between them
// are static, so nothing needs import() at run time.
const vendor = await build({
  ...common,
  format: 'esm',
  splitting: true,
  entryPoints: Object.fromEntries(Object.keys(VENDOR).map((file) => [file, `vendor:${file}`])),
  outdir: 'dist/vendor',
  chunkNames: 'shared-[hash]',
  outExtension: { '.js': '.cjs' },
  write: false,
  // These are ES modules; some ask import.meta.url for their own location (yargs makes a require from it).
  define: { ...common.define, 'import.meta.url': '__ionqImportMetaUrl' },
  banner: { js: "var __ionqImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [
    {
      name: 'vendor-entries',
      setup(b) {
        b.onResolve({ filter: /^vendor:/ }, (args) => ({ path: args.path.slice('vendor:'.length), namespace: 'vendor-entry' }));
        b.onLoad({ filter: /.*/, namespace: 'vendor-entry' }, (args) => ({ contents: VENDOR[args.path].contents, resolveDir: root.pathname, loader: 'js' }));
      },
    },
  ],
});
outputs.push(vendor.metafile);
for (const file of vendor.outputFiles) {
  const { code } = await transform(file.text, { format: 'cjs', platform: 'node', target: common.target, minify: common.minify });
  assertRunsInVmScript(file.path, code);
  await mkdir(dirname(file.path), { recursive: true });
  await writeFile(file.path, code);
}

// Render with a plain environment and no terminal, so the texts are the same on every machine.
const render = (...args) =>
  execFileSync(process.execPath, ['-e', "require('./dist/app.cjs').main(process.argv.slice(1)).then((code) => { process.exitCode = code; });", '--', ...args], {
    cwd: root.pathname,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', LANG: 'C' },
  });
const prerendered = { '--help': render('--help'), '--version': render('--version') };
const commands = [];
for (const [, command] of prerendered['--help'].matchAll(/^ {2}ionq-env-setup ([a-z][a-z-]*)/gm)) {
  commands.push(command);
  prerendered[`${command} --help`] = render(command, '--help');
}
await writeFile(new URL('dist/help.json', root), JSON.stringify(prerendered));

// The launcher names code caches after the bundles' contents (src/code-cache.ts), so a rebuilt bundle never
// runs with a cache made for the old one.
const buildId = createHash('sha256');
for (const file of ['app.cjs', ...(await readdir(new URL('dist/vendor/', root))).sort().map((f) => `vendor/${f}`)]) buildId.update(file).update(await readFile(new URL(`dist/${file}`, root)));
await build({
  ...common,
  entryPoints: ['src/bin.ts'],
  outfile: 'dist/cli.cjs',
  metafile: false,
  define: { ...common.define, __COMMANDS__: JSON.stringify(commands), __BUILD_ID__: JSON.stringify(buildId.digest('hex').slice(0, 12)) },
});
await chmod(new URL('dist/cli.cjs', root), 0o755);

// The ES-module doors. Names are read from the bundle, so the API is whatever src/index.ts exports.
const appExports = Object.keys(createRequire(import.meta.url)(new URL('dist/app.cjs', root).pathname));
const api = appExports.filter((name) => !['main', 'runActionProcess', 'allOutputWritten'].includes(name));
await writeFile(new URL('dist/index.js', root), `// The programmatic API (see src/index.ts), from the CommonJS bundle.\nimport app from './app.cjs';\nexport const { ${api.join(', ')} } = app;\n`);
await writeFile(new URL('dist/action.js', root), "// The GitHub Action's entry (action.yml): the runner starts it with its own Node.\nimport app from './app.cjs';\napp.runActionProcess();\n");

await writeFile(new URL('dist/THIRD_PARTY_LICENSES.txt', root), await thirdPartyLicenses(outputs));

/**
 * The licence of every package whose code is in the bundles (MIT, ISC, Apache-2.0: their terms ask for the
 * notice to travel with the code). Packages whose licence text is the same apart from its copyright lines
 * share one copy of it, under all their copyright lines.
 */
async function thirdPartyLicenses(metafiles) {
  // Only packages with code in the output: esbuild also reads modules that tree shaking then drops.
  const packages = new Set();
  for (const metafile of metafiles) {
    for (const output of Object.values(metafile.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
        if (m && bytesInOutput > 0) packages.add(m[1]);
      }
    }
  }
  const isCopyright = (line) => /^\s*(copyright\b|\(c\))/i.test(line);
  const groups = new Map();
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
    const lines = (text.trim() || `License: ${meta.license}`).split(/\r?\n/);
    const body = lines.filter((line) => !isCopyright(line)).join('\n').replace(/\n{3,}/g, '\n\n').trim();
    const group = groups.get(body) ?? { packages: [], copyrights: [] };
    group.packages.push(`${name}@${meta.version} (${meta.license ?? 'see text'})`);
    for (const line of lines.filter(isCopyright)) if (!group.copyrights.includes(line.trim())) group.copyrights.push(line.trim());
    groups.set(body, group);
  }
  const parts = [...groups].map(([body, g]) => `## ${g.packages.join(', ')}\n\n${g.copyrights.length ? `${g.copyrights.join('\n')}\n\n` : ''}${body}\n`);
  return `Third-party code bundled into ionq-env-setup. Packages whose licence texts differ only in their\ncopyright lines are listed together, with all those lines, above the text they share.\n\n${parts.join('\n')}`;
}
