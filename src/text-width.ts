// How many terminal columns a string takes, for yargs' help layout (cliui, wrap-ansi). The build puts
// this in place of the string-width package, whose emoji tables and Intl.Segmenter cost more start-up
// time than the whole of a plain run, for text that is almost always ASCII help.

// eslint-disable-next-line no-control-regex
const ANSI = /[\u001b\u009b][[\]()#;?]*(?:\d{1,4}(?:;\d{0,4})*)?[\dA-ORZcf-nqry=><]|\u001b\]8;[^\u0007]*\u0007/g;
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}\u200b\u200d\ufe00-\ufe0f]$/u;
const WIDE = /^[\p{Emoji_Presentation}\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]$/u;

/** Columns `text` occupies: ANSI escapes and combining marks take none; CJK and emoji take two. */
export default function textWidth(text: string, options?: { countAnsiEscapeCodes?: boolean }): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const plain = options?.countAnsiEscapeCodes ? text : text.replace(ANSI, '');
  // Printable ASCII, the usual case, is one column a character.
  if (/^[\x20-\x7e]*$/.test(plain)) return plain.length;
  let width = 0;
  for (const ch of plain) {
    if (ZERO_WIDTH.test(ch)) continue;
    width += WIDE.test(ch) ? 2 : 1;
  }
  return width;
}
