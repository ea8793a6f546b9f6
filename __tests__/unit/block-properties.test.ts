// Property-based: for any rc file content the tool may meet, set→remove is the identity and set→set is
// idempotent, byte for byte. Content is generated as raw bytes (CRLF, mixed endings, no final newline,
// non-UTF-8, our marker text inside other lines).
import fc from 'fast-check';
import { BEGIN_MARKER, END_MARKER, removeBlock, renderBlock, scanBlock, upsertBlock, toBinary } from '../../src/rcfile/block';
import { inlineKeyBody } from '../../src/targets/shell/block-body';
import { DIALECTS, type Dialect } from '../../src/rcfile/dialect';
import { AWKWARD_KEYS } from '../helpers/keys';

const lineText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => toBinary(s.replace(/[\r\n]/g, ''))),
  fc.uint8Array({ maxLength: 30 }).map((bytes) => Buffer.from(bytes.filter((b) => b !== 0x0a && b !== 0x0d)).toString('latin1')),
  fc.constantFrom(`echo "${BEGIN_MARKER}"`, `x=1 ${END_MARKER}`, 'export IONQ_API_KEY=abc', '# comment', '', '   '),
);
const eol = fc.constantFrom('\n', '\r\n');
/** A file: lines with their own endings, the last one possibly without. */
const rcContent = fc
  .tuple(fc.array(fc.tuple(lineText, eol), { maxLength: 30 }), fc.option(lineText, { nil: undefined }))
  .map(([lines, last]) => lines.map(([t, e]) => t + e).join('') + (last ?? ''));

const block = (dialect: Dialect, key: string) => renderBlock(inlineKeyBody(dialect, key)(false), '\n');
const keyArb = fc.constantFrom(...AWKWARD_KEYS);
const dialectArb = fc.constantFrom(...DIALECTS);

describe('block edits, for any file content', () => {
  it('set then remove gives back the original bytes', () => {
    fc.assert(
      fc.property(rcContent, dialectArb, keyArb, (content, dialect, key) => {
        const set = upsertBlock(content, block(dialect, key), '\n');
        expect(set).toBeDefined();
        expect(removeBlock(set!.text)!.text).toBe(content);
      }),
      { numRuns: 500 },
    );
  });

  it('set twice is byte-identical to set once, and reports unchanged', () => {
    fc.assert(
      fc.property(rcContent, dialectArb, keyArb, (content, dialect, key) => {
        const once = upsertBlock(content, block(dialect, key), '\n')!;
        const twice = upsertBlock(once.text, block(dialect, key), '\n')!;
        expect(twice.text).toBe(once.text);
        expect(twice.status).toBe('unchanged');
      }),
      { numRuns: 500 },
    );
  });

  it('rotating keys keeps exactly one block, equal to setting the last key directly', () => {
    fc.assert(
      fc.property(rcContent, dialectArb, fc.array(keyArb, { minLength: 1, maxLength: 5 }), (content, dialect, keys) => {
        let text = content;
        for (const key of keys) text = upsertBlock(text, block(dialect, key), '\n')!.text;
        expect(scanBlock(text).kind).toBe('one');
        expect(text).toBe(upsertBlock(content, block(dialect, keys.at(-1)!), '\n')!.text);
        expect(removeBlock(text)!.text).toBe(content);
      }),
      { numRuns: 300 },
    );
  });

  it('a huge file (10 MB) round-trips', () => {
    const huge = Buffer.alloc(10 * 1024 * 1024, 'a\r\n\xff').toString('latin1');
    const set = upsertBlock(huge, block('posix', AWKWARD_KEYS[0]!), '\n')!;
    expect(removeBlock(set.text)!.text).toBe(huge);
  });
});
