// Property-based round trip through each real shell for random keys from the accepted alphabet, and
// every refused class refused with exit 2 without echoing it.
import fc from 'fast-check';
import { runInProcess } from '../helpers/cli';
import { makeTempHome } from '../helpers/home';
import { readVarInShell, requireProgram, shellProgram, type RealShell } from '../helpers/shells';
import { keyProblem } from '../../src/key/validate';
import { reducePaste } from '../../src/plans/key-paste';
import { quotePosix } from '../../src/rcfile/quote';

const SHELLS: RealShell[] = ['bash', 'zsh', 'fish', 'sh', 'ksh', 'tcsh'];
const present = SHELLS.filter((s) => requireProgram(shellProgram(s)));
const RUNS = Number(process.env.IONQ_HOSTILE_RUNS ?? 25);

// Printable ASCII (the shells' special characters included) and a spread of non-ASCII letters and symbols.
const acceptedChar = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCodePoint(c)) },
  { weight: 1, arbitrary: fc.constantFrom('é', 'ß', 'Ж', '中', '€', '😀', '\u2018', '\u2019', 'ﬁ', '™') },
);
// Keys the tool takes literally: a paste in quotes (`"…"`, `'…'`) or a pasted assignment is reduced to the
// key inside it first, on purpose; the property below covers those forms.
const acceptedKey = fc
  .array(acceptedChar, { minLength: 1, maxLength: 60 })
  .map((chars) => chars.join(''))
  .filter((k) => keyProblem(k) === undefined && reducePaste(k).key === k);

describe('random keys from the accepted alphabet', () => {
  it(`reach every real shell byte for byte (${RUNS} keys)`, async () => {
    const h = await makeTempHome();
    try {
      await fc.assert(
        fc.asyncProperty(acceptedKey, async (key) => {
          const run = await runInProcess(['--key-stdin', '--force', '--shell', present.join(',')], { env: h.env, stdin: key });
          expect(run.code).toBe(0);
          for (const shell of present) expect({ shell, key: readVarInShell(shell, h.env) }).toEqual({ shell, key });
        }),
        { numRuns: RUNS },
      );
    } finally {
      await h.cleanup();
    }
  }, 300_000);
});

describe('random keys pasted the way people copy them', () => {
  // What IonQ's docs and .env files show: the key in single or double quotes, or a whole assignment.
  const doubleQuoted = (key: string): string => `"${key.replace(/[$`"\\]/g, '\\$&')}"`;
  const pasted: [string, (key: string) => string][] = [
    ["'…'", quotePosix],
    ['"…"', doubleQuoted],
    ['export IONQ_API_KEY="…"', (key) => `export IONQ_API_KEY=${doubleQuoted(key)}`],
    ["IONQ_API_KEY='…'", (key) => `IONQ_API_KEY=${quotePosix(key)}`],
  ];
  it.each(pasted)('%s is reduced to exactly the key inside it', (_form, paste) => {
    fc.assert(fc.property(acceptedKey, (key) => expect(reducePaste(paste(key)).key).toBe(key)), { numRuns: 1000 });
  });
});

describe('refused keys', () => {
  const refusedChar = fc.constantFrom(' ', '\t', '\n', '\r', '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u00a0', '\u2028', '\u200b', '\ufeff', '\u3000');
  const refusedKey = fc
    .tuple(fc.string({ minLength: 4, maxLength: 20 }), refusedChar, fc.string({ minLength: 4, maxLength: 20 }))
    .map(([a, bad, b]) => `TEST${a.replace(/\s/g, 'x')}${bad}${b.replace(/\s/g, 'y')}KEY`);

  it('every key with whitespace or a control character inside is refused by validation', () => {
    fc.assert(fc.property(refusedKey, (key) => expect(keyProblem(key.trim())).toBeDefined()), { numRuns: 1000 });
  });

  it('through the CLI: exit 2, no file, and the key is not echoed', async () => {
    const h = await makeTempHome();
    try {
      await fc.assert(
        fc.asyncProperty(refusedKey, async (key) => {
          const run = await runInProcess(['--key-stdin', '--shell', 'bash'], { env: h.env, stdin: key });
          expect(run.code).toBe(2);
          for (const piece of key.split(/[\s\p{Cc}\p{Cf}]/u).filter((p) => p.length >= 6)) {
            expect(run.stderr).not.toContain(piece);
          }
        }),
        { numRuns: 50 },
      );
      const { readdirSync } = await import('node:fs');
      expect(readdirSync(h.home)).toEqual([]);
    } finally {
      await h.cleanup();
    }
  });
});
