// Builds dist/ with esbuild: one ES-module bundle, split where the sources use import(), so a run loads
// only what its command needs (Inquirer for the wizard, execa for Windows and git, the rarely used
// commands). Three entries share the chunks:
//   dist/cli.js     the executable (package.json "bin")
//   dist/index.js   the programmatic API (package.json "exports")
//   dist/action.js  the GitHub Action (action.yml "runs.main")
// and dist/THIRD_PARTY_LICENSES.txt holds the licences of the bundled packages.
import { build } from 'esbuild';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';

const root = new URL('..', import.meta.url);
const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8'));

await rm(new URL('dist', root), { recursive: true, force: true });
const result = await build({
  absWorkingDir: root.pathname,
  entryPoints: { cli: 'src/cli/bin.ts', index: 'src/api/index.ts', action: 'src/api/action-entry.ts' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // Some bundled packages are CommonJS and call require() for Node's built-ins; in an ES module that
  // function has to be made.
  banner: { js: "import { createRequire as __ionqCreateRequire } from 'node:module'; const require = __ionqCreateRequire(import.meta.url);" },
  // IONQ_BUILD_NO_MINIFY=1 keeps names and lines readable, for profiling and debugging.
  minify: !process.env.IONQ_BUILD_NO_MINIFY,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  define: { __VERSION__: JSON.stringify(pkg.version) },
  // yargs lays out --help with string-width, whose emoji patterns and Intl.Segmenter cost a --help run
  // about 25 ms here (measured: a third of the run). fast-string-width answers the same for this text and
  // is what Inquirer itself uses for its prompts; yargs calls it with no options, as both agree.
  alias: { 'string-width': 'fast-string-width' },
});
await chmod(new URL('dist/cli.js', root), 0o755);
await writeFile(new URL('dist/THIRD_PARTY_LICENSES.txt', root), await thirdPartyLicenses(result.metafile));

/**
 * The licence of every package whose code is in the bundle (MIT, ISC, Apache-2.0: their terms ask for the
 * notice to travel with the code). Packages whose licence text is the same apart from its copyright lines
 * share one copy of it, under all their copyright lines.
 */
async function thirdPartyLicenses(metafile) {
  // Only packages with code in the output: esbuild also reads modules that tree shaking then drops.
  const packages = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (m && bytesInOutput > 0) packages.add(m[1]);
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
