// Prose for the person at the terminal: wrapped to its width between words, so no word — and no URL or
// command — is ever split. A line's leading spaces are kept on each line it wraps onto.
import { wrapAnsi } from 'fast-wrap-ansi';
import type { Interaction } from '../core/interaction';

/** Lines wider than this are hard to read even on a wide terminal. */
const MAX_WIDTH = 100;

// A command that ends a sentence ("… with: npx ionq-env-setup status"): when the line must wrap, it goes on
// a line of its own rather than being split between its words.
const ENDS_IN_COMMAND = /^(.*:) ((?:npx|source|\.|unset|unsetenv|set -e|chmod|Remove-Item|\$env:|reg|secret-tool|security|ionq-env-setup) .*)$/;

export function wrapProse(text: string, width: number): string {
  const columns = Math.max(20, Math.min(width, MAX_WIDTH));
  const wrap = (line: string): string => {
    const indent = /^ */.exec(line)![0];
    // "! " and "✖ " lead a message: its continuation lines line up under its text.
    const hanging = indent + (/^ *[!✖✔•] /.test(line) ? '  ' : '');
    const body = line.slice(indent.length);
    if (indent.length + body.length <= columns) return line;
    const command = ENDS_IN_COMMAND.exec(body);
    if (command) return `${wrap(indent + command[1]!)}\n${hanging}  ${command[2]!}`;
    return wrapAnsi(body, columns - hanging.length, { hard: false, trim: true })
      .split('\n')
      .map((part, i) => (i === 0 ? indent : hanging) + part)
      .join('\n');
  };
  return text.split('\n').map(wrap).join('\n');
}

/** Writes `text` for people (stderr), wrapped to the terminal. */
export function say(io: Interaction, text: string): void {
  io.info(wrapProse(text, io.width));
}
