import { quote, unquote } from '../../src/rcfile/quote';
import { DIALECTS } from '../../src/rcfile/dialect';
import { AWKWARD_KEYS } from '../helpers/keys';

describe('quoting per dialect', () => {
  it.each([
    ['posix', "a'b", `'a'\\''b'`],
    ['posix', 'a$b`c\\d!e', `'a$b\`c\\d!e'`],
    ['fish', "a'b\\c", `'a\\'b\\\\c'`],
    ['fish', 'a$b', `'a$b'`],
    ['tcsh', 'a!b', `'a\\!b'`],
    ['tcsh', "a'b", `'a'\\''b'`],
    ['tcsh', 'a\\b', `'a\\b'`],
    ['pwsh', "a'b", `'a''b'`],
    ['pwsh', 'a\u2019b$c', `'a\u2019\u2019b$c'`],
  ] as const)('%s quotes %j as %j', (dialect, value, expected) => {
    expect(quote(dialect, value)).toBe(expected);
  });

  it.each(DIALECTS)('%s: unquote inverts quote for every awkward key', (dialect) => {
    for (const key of AWKWARD_KEYS) expect(unquote(dialect, quote(dialect, key))).toBe(key);
  });

  it('unquote refuses text that is not a single quoted word', () => {
    expect(unquote('posix', 'abc')).toBeUndefined();
    expect(unquote('posix', "'abc' extra")).toBeUndefined();
    expect(unquote('pwsh', "'unterminated")).toBeUndefined();
  });
});
