import { BEGIN_MARKER, END_MARKER, CREATED_NOTE, removeBlock, renderBlock, scanBlock, upsertBlock, toBinary } from '../../src/rcfile/block';

const block = (value: string, created = false) => renderBlock([...(created ? [CREATED_NOTE] : []), `export IONQ_API_KEY='${value}'`], '\n');

describe('block edits', () => {
  it.each([
    ['an empty file', ''],
    ['a file ending in a newline', 'alias ll="ls -l"\n'],
    ['a file without a final newline', 'alias ll="ls -l"'],
    ['a CRLF file', 'line one\r\nline two\r\n'],
    ['a CRLF file without a final newline', 'line one\r\nline two'],
    ['a file ending in a blank line', 'x=1\n\n'],
    ['a lone newline', '\n'],
    ['non-UTF-8 bytes', Buffer.from([0x65, 0x78, 0xff, 0xfe, 0x0a, 0x80]).toString('latin1')],
    ['a marker inside other text', `echo "${BEGIN_MARKER}"\n`],
  ])('set then remove gives back %s byte for byte', (_name, original) => {
    const set = upsertBlock(original, block('k1'), '\n')!;
    expect(set.status).toBe('updated');
    expect(scanBlock(set.text).kind).toBe('one');
    const removed = removeBlock(set.text)!;
    expect(removed.status).toBe('removed');
    expect(removed.text).toBe(original);
  });

  it('a second set with the same block is byte-identical and unchanged', () => {
    const once = upsertBlock('x=1\n', block('k1'), '\n')!;
    const twice = upsertBlock(once.text, block('k1'), '\n')!;
    expect(twice.status).toBe('unchanged');
    expect(twice.text).toBe(once.text);
  });

  it('a new key replaces the block in place, keeping lines after it', () => {
    const once = upsertBlock('before\n', block('k1'), '\n')!.text + 'after\n';
    const next = upsertBlock(once, block('k2'), '\n')!;
    expect(next.status).toBe('updated');
    expect(next.text).toBe(`before\n\n${BEGIN_MARKER}\nexport IONQ_API_KEY='k2'\n${END_MARKER}\nafter\n`);
    expect(next.text.match(/IONQ_API_KEY/g)).toHaveLength(1);
  });

  it.each([
    ['a start marker without an end', `${BEGIN_MARKER}\nexport X=1\n`, 1],
    ['an end marker without a start', `x\n${END_MARKER}\n`, 2],
    ['two blocks', `${BEGIN_MARKER}\n${END_MARKER}\nmine\n${BEGIN_MARKER}\n${END_MARKER}\n`, 4],
    ['a nested start marker', `${BEGIN_MARKER}\n${BEGIN_MARKER}\n${END_MARKER}\n`, 2],
  ])('%s is broken and never edited', (_name, text, line) => {
    const scan = scanBlock(text);
    expect(scan).toMatchObject({ kind: 'broken', line });
    expect(upsertBlock(text, block('k'), '\n')).toBeUndefined();
    expect(removeBlock(text)).toBeUndefined();
  });

  it('removing never deletes user lines between two blocks (greedy matching)', () => {
    const text = `${BEGIN_MARKER}\na\n${END_MARKER}\nUSER LINE\n${BEGIN_MARKER}\nb\n${END_MARKER}\n`;
    expect(removeBlock(text)).toBeUndefined();
  });

  it('remembers that the tool created the file', () => {
    const created = upsertBlock('', block('k', true), '\n')!;
    const removed = removeBlock(created.text)!;
    expect(removed).toEqual({ text: '', status: 'removed', wasCreated: true });
  });

  it('writes block lines as UTF-8 bytes', () => {
    const text = renderBlock(['ü'], '\n');
    expect(text).toContain(toBinary('ü'));
    expect(Buffer.from(text, 'latin1').toString('utf8')).toContain('ü');
  });
});
