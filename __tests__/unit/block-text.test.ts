// The text edits of the tool's block (src/rcfile/block.ts), exactly: line offsets, which lines are
// markers, why markers are broken (the message names the line), where a block goes and what removing it
// gives back — byte for byte, with LF and CRLF files.
import {
  ABOUT_NOTE,
  BEGIN_MARKER,
  CREATED_NOTE,
  END_MARKER,
  detectEol,
  fromBinary,
  removeBlock,
  renderBlock,
  scanBlock,
  splitLines,
  toBinary,
  upsertBlock,
  withoutLines,
} from '../../src/rcfile/block';

const BLOCK = `${BEGIN_MARKER}\nexport IONQ_API_KEY='k'\n${END_MARKER}\n`;

describe('splitLines', () => {
  it('gives each line its text without the line end, its number, and its byte offsets', () => {
    expect(splitLines('a\nbc')).toEqual([
      { text: 'a', number: 1, start: 0, end: 2 },
      { text: 'bc', number: 2, start: 2, end: 4 },
    ]);
  });

  it('CRLF line ends are not part of the text; offsets include them', () => {
    expect(splitLines('a\r\n\r\nb\r\n')).toEqual([
      { text: 'a', number: 1, start: 0, end: 3 },
      { text: '', number: 2, start: 3, end: 5 },
      { text: 'b', number: 3, start: 5, end: 8 },
    ]);
  });

  it('a last line without a line end keeps every character', () => {
    expect(splitLines('only')).toEqual([{ text: 'only', number: 1, start: 0, end: 4 }]);
    expect(splitLines('x\ny').map((l) => l.text)).toEqual(['x', 'y']);
  });

  it('an empty text has no lines; a lone newline is one empty line', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('\n')).toEqual([{ text: '', number: 1, start: 0, end: 1 }]);
  });

  it('a CR that ends no line stays in the text', () => {
    expect(splitLines('a\rb\n').map((l) => l.text)).toEqual(['a\rb']);
  });
});

describe('withoutLines', () => {
  it('takes out exactly the numbered lines with their line ends; every other byte stays', () => {
    expect(withoutLines('a\r\nb\r\nc', [2])).toBe('a\r\nc');
    expect(withoutLines('a\nb\nc', [3])).toBe('a\nb\n');
    expect(withoutLines('a\nb\nc\n', [1, 3])).toBe('b\n');
    expect(withoutLines('a\nb\n', [])).toBe('a\nb\n');
    expect(withoutLines('a\nb\n', [7])).toBe('a\nb\n');
  });
});

describe('detectEol', () => {
  it.each([
    ['a\r\nb\r\n', '\r\n'],
    ['\r\n', '\r\n'],
    ['a\nb\r\n', '\n'],
    ['a\r', '\n'],
    ['abc', '\n'],
    ['', '\n'],
    ['\nx\r\n', '\n'],
    ['a\rb\nc', '\n'],
  ])('%j uses %j', (text, eol) => {
    expect(detectEol(text)).toBe(eol);
  });
});

describe('renderBlock', () => {
  it('markers around the lines, each line ended by the given end-of-line, lines encoded as UTF-8', () => {
    expect(renderBlock([ABOUT_NOTE, 'x=ü'], '\r\n')).toBe(`${BEGIN_MARKER}\r\n${ABOUT_NOTE}\r\nx=${toBinary('ü')}\r\n${END_MARKER}\r\n`);
    expect(renderBlock([], '\n')).toBe(`${BEGIN_MARKER}\n${END_MARKER}\n`);
  });

  it('the markers and notes are what older versions wrote (a changed marker would orphan existing blocks)', () => {
    expect([BEGIN_MARKER, END_MARKER, CREATED_NOTE, ABOUT_NOTE]).toEqual([
      '# >>> ionq-env-setup >>>',
      '# <<< ionq-env-setup <<<',
      '# (ionq-env-setup created this file)',
      '# ionq-env-setup manages this block (undo: npx ionq-env-setup remove)',
    ]);
  });
});

describe('toBinary / fromBinary', () => {
  it('one char per byte of the UTF-8 encoding, and back', () => {
    expect(toBinary('é€')).toBe('\u00c3\u00a9\u00e2\u0082\u00ac');
    expect(fromBinary('\u00c3\u00a9\u00e2\u0082\u00ac')).toBe('é€');
  });
});

describe('scanBlock', () => {
  it('no markers: none', () => {
    expect(scanBlock('export PATH=x\n')).toEqual({ kind: 'none' });
    expect(scanBlock('')).toEqual({ kind: 'none' });
  });

  it('one block: its byte range, marker lines and the lines between the markers', () => {
    const text = `a\n${BLOCK}z\n`;
    const scan = scanBlock(text);
    expect(scan).toEqual({
      kind: 'one',
      block: {
        start: 2,
        end: 2 + BLOCK.length,
        beginLine: 2,
        endLine: 4,
        body: [{ text: "export IONQ_API_KEY='k'", number: 3, start: 2 + BEGIN_MARKER.length + 1, end: 2 + BEGIN_MARKER.length + 1 + 24 }],
      },
    });
  });

  it('markers are recognised with surrounding blanks, but not inside other text', () => {
    expect(scanBlock(`  ${BEGIN_MARKER}\t\n\t${END_MARKER}  \r\n`)).toMatchObject({ kind: 'one', block: { beginLine: 1, endLine: 2, body: [] } });
    expect(scanBlock(`echo '${BEGIN_MARKER}'\n${BEGIN_MARKER} more\n`)).toEqual({ kind: 'none' });
  });

  it.each([
    ['a start marker without an end marker', `x\n${BEGIN_MARKER}\ny\n`, 2, 'a start marker without an end marker'],
    ['an end marker without a start marker', `x\ny\n${END_MARKER}\n`, 3, 'an end marker without a start marker'],
    ['a nested start marker', `${BEGIN_MARKER}\na\n${BEGIN_MARKER}\n${END_MARKER}\n`, 3, 'a second start marker before the end marker of line 1'],
    ['two blocks', `${BLOCK}mine\n${BLOCK}`, 5, 'a second block (this tool writes only one)'],
    ['an end marker after a whole block', `${BLOCK}${END_MARKER}\n`, 4, 'an end marker without a start marker'],
  ])('%s is broken, with the line and the reason', (_name, text, line, reason) => {
    expect(scanBlock(text)).toEqual({ kind: 'broken', line, reason });
  });
});

describe('upsertBlock', () => {
  it('an empty file gets the block alone', () => {
    expect(upsertBlock('', BLOCK, '\n')).toEqual({ text: BLOCK, status: 'updated' });
  });

  it('after a complete last line: one blank line, then the block', () => {
    expect(upsertBlock('a\n', BLOCK, '\n')).toEqual({ text: `a\n\n${BLOCK}`, status: 'updated' });
    expect(upsertBlock('a\r\n', BLOCK, '\r\n')).toEqual({ text: `a\r\n\r\n${BLOCK}`, status: 'updated' });
  });

  it('after a last line without a line end: only that line end, then the block', () => {
    expect(upsertBlock('a', BLOCK, '\n')).toEqual({ text: `a\n${BLOCK}`, status: 'updated' });
  });

  it('an existing block is replaced in place; the same block again is unchanged', () => {
    const other = BLOCK.replace("'k'", "'k2'");
    expect(upsertBlock(`a\n${BLOCK}z\n`, other, '\n')).toEqual({ text: `a\n${other}z\n`, status: 'updated' });
    expect(upsertBlock(`a\n${BLOCK}z\n`, BLOCK, '\n')).toEqual({ text: `a\n${BLOCK}z\n`, status: 'unchanged' });
  });

  it('broken markers: no edit', () => {
    expect(upsertBlock(`${BEGIN_MARKER}\n`, BLOCK, '\n')).toBeUndefined();
  });
});

describe('removeBlock', () => {
  it('no block: the text as it is, unchanged', () => {
    expect(removeBlock('a\n')).toEqual({ text: 'a\n', status: 'unchanged', wasCreated: false });
  });

  it('takes the blank line set before the block with it', () => {
    expect(removeBlock(`a\n\n${BLOCK}`)).toEqual({ text: 'a\n', status: 'removed', wasCreated: false });
    expect(removeBlock(`a\r\n\r\n${BLOCK}`)).toEqual({ text: 'a\r\n', status: 'removed', wasCreated: false });
    expect(removeBlock(`a\n\n${BLOCK}z\n`)).toEqual({ text: 'a\nz\n', status: 'removed', wasCreated: false });
  });

  it('a block at the end right after a line: that line gets back its missing line end', () => {
    expect(removeBlock(`a\n${BLOCK}`)!.text).toBe('a');
    expect(removeBlock(`a\r\n${BLOCK}`)!.text).toBe('a');
  });

  it('a block between lines, with no blank line before it: only the block goes', () => {
    expect(removeBlock(`a\n${BLOCK}z\n`)!.text).toBe('a\nz\n');
  });

  it('a block right after a blank line at the end: the blank line is the separator', () => {
    expect(removeBlock(`\n${BLOCK}`)!.text).toBe('\n');
    expect(removeBlock(`\n\n${BLOCK}`)!.text).toBe('\n');
  });

  it('a block alone, or first in the file', () => {
    expect(removeBlock(BLOCK)!.text).toBe('');
    expect(removeBlock(`${BLOCK}z\n`)!.text).toBe('z\n');
  });

  it('remembers whether the tool created the file (the note, with any indentation)', () => {
    const created = `${BEGIN_MARKER}\n  ${CREATED_NOTE} \n${END_MARKER}\n`;
    expect(removeBlock(created)).toEqual({ text: '', status: 'removed', wasCreated: true });
    expect(removeBlock(`${BEGIN_MARKER}\n# not ${CREATED_NOTE}\n${END_MARKER}\n`)!.wasCreated).toBe(false);
  });

  it('broken markers: no edit', () => {
    expect(removeBlock(`${END_MARKER}\n`)).toBeUndefined();
  });
});
