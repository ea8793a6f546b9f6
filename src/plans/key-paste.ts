// What people paste is not always just the key: IonQ's docs show `export IONQ_API_KEY="…"`, a .env file
// holds `IONQ_API_KEY=…`, and copying from a web page often brings quotes. Such a paste is reduced to the
// key before it is checked, so it is neither refused ("has a space") nor sent to IonQ as it is.
import { ALL_KEY_VARIABLES } from '../key/variables';
import { unquote } from '../rcfile/quote';

const NAMES = ALL_KEY_VARIABLES.join('|');
// `export NAME=v`, `NAME=v`, `declare -x NAME=v`, fish's `set -gx NAME v`, tcsh's `setenv NAME v`,
// PowerShell's `$env:NAME = v`; a trailing `;` is dropped.
const ASSIGNMENT = new RegExp(
  `^(?:(?:export|declare\\s+-x|typeset\\s+-x)\\s+)?(?:${NAMES})=(.*?);?$|^set\\s+(?:-[a-zA-Z]+\\s+)*(?:${NAMES})\\s+(.*?);?$|^setenv\\s+(?:${NAMES})\\s+(.*?);?$|^\\$env:(?:${NAMES})\\s*=\\s*(.*?);?$`,
  'i',
);

/** The value of a shell word in one pair of quotes: '…' (with '\'' for a quote) or "…" (with \-escapes). */
function unquoteWord(word: string): string | undefined {
  if (word.startsWith("'")) return unquote('posix', word);
  if (word.length >= 2 && word.startsWith('"') && word.endsWith('"')) {
    const inner = word.slice(1, -1);
    if (/(^|[^\\])"/.test(inner)) return undefined;
    return inner.replace(/\\([$`"\\])/g, '$1');
  }
  return undefined;
}

export interface ReducedPaste {
  key: string;
  /** What was taken away: an assignment around the key, or quotes around it. */
  removed?: 'assignment' | 'quotes';
}

/** The key in a paste: the text itself, or the value of a pasted assignment, or the inside of its quotes. */
export function reducePaste(raw: string): ReducedPaste {
  const text = raw.trim();
  const assignment = ASSIGNMENT.exec(text);
  if (assignment) {
    const value = (assignment[1] ?? assignment[2] ?? assignment[3] ?? assignment[4] ?? '').trim();
    return { key: unquoteWord(value) ?? value, removed: 'assignment' };
  }
  const unquoted = unquoteWord(text);
  if (unquoted !== undefined) return { key: unquoted, removed: 'quotes' };
  return { key: text };
}
