// Pure text edits of the one block this tool owns in a file.
//
// Text here is a "binary string": each char is one byte of the file (latin1 decoding), so bytes outside the
// block survive any edit exactly, whatever their encoding. Block lines are UTF-8 encoded before they are
// spliced in (see toBinary).

export const BEGIN_MARKER = '# >>> ionq-env-setup >>>';
export const END_MARKER = '# <<< ionq-env-setup <<<';
/** Inside a block in a file the tool created: such a file is deleted when removing the block empties it. */
export const CREATED_NOTE = '# (ionq-env-setup created this file)';
/** The block's first line. Short enough that a diff shows it unwrapped on an 80-column terminal. */
export const ABOUT_NOTE = '# ionq-env-setup manages this block (undo: npx ionq-env-setup remove)';

export type Eol = '\n' | '\r\n';

export interface Line {
  /** The line without its end-of-line bytes. */
  text: string;
  /** 1-based line number. */
  number: number;
  /** Offset of the first char, and offset just past the line's end-of-line. */
  start: number;
  end: number;
}

interface Block {
  start: number;
  end: number;
  beginLine: number;
  endLine: number;
  /** The lines strictly between the markers. */
  body: Line[];
}

export type BlockScan =
  | { kind: 'none' }
  | { kind: 'one'; block: Block }
  | { kind: 'broken'; line: number; reason: string };

// Buffer.from reads a string as UTF-8 (its default).
export const toBinary = (utf8Text: string): string => Buffer.from(utf8Text).toString('latin1');
export const fromBinary = (binary: string): string => Buffer.from(binary, 'latin1').toString('utf8');

export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  let number = 1;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl + 1;
    let body = text.slice(start, nl === -1 ? end : nl);
    if (body.endsWith('\r')) body = body.slice(0, -1);
    lines.push({ text: body, number, start, end });
    start = end;
    number++;
  }
  return lines;
}

/** The text without the given lines (1-based), each taken out with its end-of-line; every other byte kept. */
export function withoutLines(text: string, numbers: readonly number[]): string {
  // Stryker disable next-line ConditionalExpression: a shortcut only; with no line to drop the full path gives back the same text.
  if (numbers.length === 0) return text;
  const drop = new Set(numbers);
  return splitLines(text)
    .filter((line) => !drop.has(line.number))
    .map((line) => text.slice(line.start, line.end))
    .join('');
}

const isMarker = (line: Line, marker: string): boolean => line.text.trim() === marker;

/**
 * Finds the block with strictly paired markers. Anything other than zero or one well-formed block
 * (a marker without its pair, a nested marker, two blocks) is "broken": callers report it and leave
 * the file alone rather than guess which lines are theirs.
 */
export function scanBlock(text: string): BlockScan {
  const lines = splitLines(text);
  let open: Line | undefined;
  let found: Block | undefined;
  for (const line of lines) {
    if (isMarker(line, BEGIN_MARKER)) {
      if (open) return { kind: 'broken', line: line.number, reason: `a second start marker before the end marker of line ${open.number}` };
      if (found) return { kind: 'broken', line: line.number, reason: 'a second block (this tool writes only one)' };
      open = line;
    } else if (isMarker(line, END_MARKER)) {
      if (!open) return { kind: 'broken', line: line.number, reason: 'an end marker without a start marker' };
      found = {
        start: open.start,
        end: line.end,
        beginLine: open.number,
        endLine: line.number,
        body: lines.filter((l) => l.number > open!.number && l.number < line.number),
      };
      open = undefined;
    }
  }
  if (open) return { kind: 'broken', line: open.number, reason: 'a start marker without an end marker' };
  return found ? { kind: 'one', block: found } : { kind: 'none' };
}

/** The block's full text, markers included, each line ended by `eol`. Lines are UTF-8 text. */
export function renderBlock(bodyLines: readonly string[], eol: Eol): string {
  return [BEGIN_MARKER, ...bodyLines, END_MARKER].map((l) => toBinary(l) + eol).join('');
}

/** The end-of-line a file already uses (for files that need one, such as PowerShell on Windows). */
export function detectEol(text: string): Eol {
  // The byte before the first LF; with no LF (-1) or an LF first (0) there is none, and text[-2] or text[-1] is undefined.
  return text[text.indexOf('\n') - 1] === '\r' ? '\r\n' : '\n';
}

export type EditStatus = 'created' | 'updated' | 'unchanged' | 'removed';

/**
 * Puts `block` (from renderBlock) into `text`: replaces the existing block in place, or appends it
 * after one blank line. Returns undefined when the file's markers are broken.
 */
export function upsertBlock(text: string, block: string, eol: Eol): { text: string; status: EditStatus } | undefined {
  const scan = scanBlock(text);
  if (scan.kind === 'broken') return undefined;
  if (scan.kind === 'one') {
    const { start, end } = scan.block;
    const next = text.slice(0, start) + block + text.slice(end);
    return { text: next, status: next === text ? 'unchanged' : 'updated' };
  }
  // Appending: after a complete last line, one blank line sets the block apart; after a last line
  // with no end-of-line, only that end-of-line is added. removeBlock undoes exactly this.
  const separator = text.length === 0 ? '' : eol;
  return { text: text + separator + block, status: 'updated' };
}

/** Takes the block out, undoing the separator upsertBlock added, so set→remove gives back the same bytes. */
export function removeBlock(text: string): { text: string; status: EditStatus; wasCreated: boolean } | undefined {
  const scan = scanBlock(text);
  if (scan.kind === 'broken') return undefined;
  if (scan.kind === 'none') return { text, status: 'unchanged', wasCreated: false };
  const { start, end, body } = scan.block;
  let before = text.slice(0, start);
  const after = text.slice(end);
  const blankLine = /\r?\n(\r?\n)$/.exec(before);
  if (blankLine) before = before.slice(0, before.length - blankLine[1]!.length);
  else if (after.length === 0 && /[^\r\n]\r?\n$/.test(before)) before = before.replace(/\r?\n$/, '');
  return {
    text: before + after,
    status: 'removed',
    wasCreated: body.some((line) => line.text.trim() === CREATED_NOTE),
  };
}
