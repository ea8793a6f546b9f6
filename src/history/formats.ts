// Shell history files, split into entries so that a whole command (with its timestamp line or
// continuation lines) can be counted or removed, and every other byte kept exactly.
// Text is a "binary string" (latin1), as in rcfile/block.ts.
import { splitLines, type Line } from '../rcfile/block';

export type HistoryFormat = 'bash' | 'zsh' | 'fish' | 'tcsh' | 'pwsh';

export interface HistoryEntry {
  /** Offsets of the entry's bytes (all of its lines, with their line ends). */
  start: number;
  end: number;
  /** 1-based number of the entry's first line. */
  line: number;
  /** The command itself, decoded for matching (timestamps and markup removed). */
  command: string;
}

const utf8 = (binary: string): string => Buffer.from(binary, 'latin1').toString('utf8');

// zsh writes bytes 0x83..0x9f and some others "metafied": 0x83 followed by the byte xor 0x20.
function unmetafy(binary: string): string {
  return binary.replace(/\x83([\s\S])/g, (_m, c: string) => String.fromCharCode(c.charCodeAt(0) ^ 0x20));
}

const TIMESTAMP = { bash: /^#\d+$/, tcsh: /^#\+\d+$/ } as const;
const CONTINUED = { zsh: /\\$/, pwsh: /`$/ } as const;

/** Splits a history file into entries, per the shell's own format. */
export function splitHistory(format: HistoryFormat, text: string): HistoryEntry[] {
  const lines = splitLines(text);
  const entries: HistoryEntry[] = [];
  const push = (from: Line, to: Line, command: string) => entries.push({ start: from.start, end: to.end, line: from.number, command });
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i]!;
    switch (format) {
      case 'bash':
      case 'tcsh': {
        // A timestamp line may precede the command: bash's "#<seconds>" (HISTTIMEFORMAT), tcsh's "#+<seconds>".
        if (TIMESTAMP[format].test(first.text) && i + 1 < lines.length) {
          const cmd = lines[++i]!;
          push(first, cmd, utf8(cmd.text));
        } else push(first, first, utf8(first.text));
        break;
      }
      case 'zsh':
      case 'pwsh': {
        // A command continues on the next line while a line ends in zsh's backslash or PSReadLine's
        // backtick; zsh also starts each entry with ": <start>:<elapsed>;" and metafies some bytes.
        let last = first;
        const parts = [format === 'zsh' ? first.text.replace(/^: \d+:\d+;/, '') : first.text];
        while (CONTINUED[format].test(last.text) && i + 1 < lines.length) {
          last = lines[++i]!;
          parts.push(last.text);
        }
        const joined = parts.join('\n');
        push(first, last, utf8(format === 'zsh' ? unmetafy(joined) : joined));
        break;
      }
      case 'fish': {
        // "- cmd: <escaped>" then indented "  when:", "  paths:" lines belonging to it.
        if (!first.text.startsWith('- cmd: ')) {
          push(first, first, '');
          break;
        }
        let last = first;
        while (i + 1 < lines.length && /^\s/.test(lines[i + 1]!.text)) last = lines[++i]!;
        const escaped = utf8(first.text.slice('- cmd: '.length));
        push(first, last, escaped.replace(/\\(\\|n)/g, (_m, c: string) => (c === 'n' ? '\n' : '\\')));
        break;
      }
    }
  }
  return entries;
}

/** The text without the given entries; every other byte as it was. */
export function withoutEntries(text: string, remove: readonly HistoryEntry[]): string {
  let out = '';
  let at = 0;
  for (const e of [...remove].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, e.start);
    at = e.end;
  }
  return out + text.slice(at);
}
