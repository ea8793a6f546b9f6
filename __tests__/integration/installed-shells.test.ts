// `--shell all` means every supported shell installed here: each is found on PATH under any of the names it
// is installed as (Debian's sh is dash, ksh may be mksh, tcsh may be installed as csh only).
import { chmodSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installedShells } from '../../src/targets/shell/locate';
import { createNodeSystem } from '../../src/platform/system';
import type { Context } from '../../src/core/context';

let bin: string;
beforeEach(() => {
  bin = realpathSync(mkdtempSync(join(tmpdir(), 'ionq-path-')));
});
afterEach(() => rmSync(bin, { recursive: true, force: true }));

/** A PATH of one folder holding an executable file for each name. */
function pathWith(...programs: string[]): Context {
  for (const name of programs) {
    writeFileSync(join(bin, name), '#!/bin/sh\n');
    chmodSync(join(bin, name), 0o755);
  }
  return { sys: createNodeSystem({ env: { PATH: bin } }) } as unknown as Context;
}

it.each([
  [['bash'], ['bash']],
  [['zsh', 'fish', 'pwsh'], ['zsh', 'fish', 'pwsh']],
  [['dash'], ['sh']],
  [['sh'], ['sh']],
  [['ksh93'], ['ksh']],
  [['mksh'], ['ksh']],
  [['ksh'], ['ksh']],
  [['csh'], ['tcsh']],
  [['tcsh', 'csh'], ['tcsh']],
  [['nu', 'elvish', 'xonsh'], []],
  [['tcsh', 'mksh', 'dash', 'fish', 'zsh', 'bash', 'pwsh'], ['bash', 'zsh', 'fish', 'sh', 'ksh', 'tcsh', 'pwsh']],
])('with %j on PATH, --shell all finds %j (in the fixed order)', async (programs, shells) => {
  expect(await installedShells(pathWith(...programs))).toEqual(shells);
});

it('a file that is not executable is no installed shell', async () => {
  writeFileSync(join(bin, 'zsh'), '#!/bin/sh\n', { mode: 0o644 });
  expect(await installedShells(pathWith())).toEqual([]);
});
