// The folders of src/ are layers: a module may import from its own folder and from folders below it,
// never from one above. This keeps the map in docs/how-it-works.md ("Map of the code") true, and means
// a change low in the stack never has to know about the code that uses it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from '../helpers/cli';

/** Bottom to top. Folders on one line are one layer and may not import each other. */
export const LAYERS: readonly (readonly string[])[] = [
  ['platform'],
  ['key'],
  ['rcfile'],
  ['detect'],
  ['core'],
  ['history', 'git'],
  ['targets'],
  ['inventory'],
  ['plans'],
  ['render'],
  ['wizard'],
  ['commands'],
  ['cli'],
  ['api'],
];

const SRC = join(ROOT, 'src');
const layerOf = (folder: string): number => LAYERS.findIndex((layer) => layer.includes(folder));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import of a file (static, type-only and dynamic), as the src/ folder it lands in. */
function importedFolders(file: string, text: string): { spec: string; folder: string }[] {
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specs.map((spec) => ({ spec, folder: relative(SRC, resolve(dirname(file), spec)).split(/[\\/]/)[0]! }));
}

/** The imports that go up a layer, or sideways into another folder of the same layer. */
function wrongImports(files: readonly { path: string; text: string }[]): string[] {
  const wrong: string[] = [];
  for (const { path, text } of files) {
    const folder = relative(SRC, path).split(/[\\/]/)[0]!;
    for (const { spec, folder: target } of importedFolders(path, text)) {
      if (target !== folder && layerOf(target) >= layerOf(folder)) wrong.push(`${relative(SRC, path)} imports ${spec}`);
    }
  }
  return wrong;
}

describe('the layers of src/', () => {
  const files = sourceFiles(SRC);

  it('every file lives in a folder of a layer (no loose files at the top of src/)', () => {
    const outside = files.map((f) => relative(SRC, f)).filter((f) => layerOf(f.split(/[\\/]/)[0]!) === -1 || !/[\\/]/.test(f));
    expect(outside).toEqual([]);
  });

  it('nothing imports from a layer above its own, or from another folder of its own layer', () => {
    expect(wrongImports(files.map((path) => ({ path, text: readFileSync(path, 'utf8') })))).toEqual([]);
  });

  it('the check sees an upward, a sideways and a dynamic import, and allows a downward one', () => {
    const at = (rel: string, text: string) => ({ path: join(SRC, rel), text });
    expect(
      wrongImports([
        at('key/validate.ts', "import { main } from '../cli/main';"),
        at('history/scan.ts', "import type { X } from '../git/work-tree';"),
        at('rcfile/lock.ts', "const m = await import('../wizard/ask');"),
        at('cli/main.ts', "import { maskKey } from '../key/mask';\nimport { x } from './session';"),
      ]),
    ).toEqual(['key/validate.ts imports ../cli/main', 'history/scan.ts imports ../git/work-tree', 'rcfile/lock.ts imports ../wizard/ask']);
  });
});
