import textWidth from '../../src/text-width';

describe('text width (in place of string-width for help layout)', () => {
  it.each([
    ['', 0],
    ['--key-stdin  Read the key', 25],
    ['\u001b[1mbold\u001b[22m', 4],
    ['…abcd', 5],
    ['→ · ✔', 5],
    ['中文', 4],
    ['😀', 2],
    ['e\u0301', 1],
    ['ü', 1],
  ])('%j is %i columns', (text, width) => {
    expect(textWidth(text)).toBe(width);
  });
});
