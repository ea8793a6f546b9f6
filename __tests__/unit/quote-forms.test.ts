// Reading back the quoted words the tool writes (src/rcfile/quote.ts `unquote`): exactly its own forms,
// and nothing that only looks like one — a value read wrongly would be taken for the key in the block.
import { quote, unquote } from '../../src/rcfile/quote';

describe('unquote', () => {
  it.each([
    ['posix', "''", ''],
    ['posix', "'a b'", 'a b'],
    ['posix', `'a'\\''b'`, "a'b"],
    ['posix', "'a\\b'", 'a\\b'],
    ['tcsh', `'a'\\''b\\!c'`, "a'b!c"],
    ['tcsh', "'a\\b'", 'a\\b'],
    ['fish', `'a\\'b\\\\c'`, "a'b\\c"],
    ['fish', "'a\\nb'", 'a\\nb'],
    ['pwsh', "''", ''],
    ['pwsh', "'it''s'", "it's"],
    ['pwsh', '\u2018a\u2019\u2019b\u201b', 'a\u2019b'],
    ['pwsh', "'a\u201a\u201ab'", 'a\u201ab'],
  ] as const)('%s: %j is %j', (dialect, text, value) => {
    expect(unquote(dialect, text)).toBe(value);
  });

  it.each([
    ['posix', ''],
    ['posix', "'"],
    ['posix', "'abc"],
    ['posix', "'a'b'"],
    ['posix', "'a' "],
    ['posix', '"abc"'],
    ['posix', "a'b'"],
    ['tcsh', "'a!b"],
    ['fish', "'a\\'"],
    ['pwsh', ''],
    ['pwsh', "'"],
    ['pwsh', "a'"],
    ['pwsh', "'abc"],
    ['pwsh', "'a'b'"],
    ['pwsh', "'ab'c"],
    ['pwsh', '"abc"'],
  ] as const)('%s: %j is not a word the tool writes', (dialect, text) => {
    expect(unquote(dialect, text)).toBeUndefined();
  });

  it.each(['posix', 'fish', 'tcsh', 'pwsh'] as const)('%s: the empty key round-trips', (dialect) => {
    expect(unquote(dialect, quote(dialect, ''))).toBe('');
  });
});
