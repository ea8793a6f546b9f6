// Prompts for a terminal that cannot move its cursor (TERM=dumb). Inquirer redraws its prompts with
// cursor movements, which such a terminal prints as garbage; these ask one plain line at a time and
// never write an escape sequence. The terminal is put in raw mode while a line is read, so the key can
// be typed without echo and Ctrl+C / Esc are seen as the bytes they are.
import { cancelled } from '../platform/errors';
import type { Asker, Choice } from '../core/interaction';

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const ESC = '\u001b';

/**
 * Shows `question`, then reads one line from the terminal in raw mode, echoing it unless `hidden`;
 * Ctrl+C, Ctrl+D on an empty line, or Esc cancel.
 */
function readRawLine(input: NodeJS.ReadStream, output: NodeJS.WritableStream, question: string, hidden: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    const wasRaw = input.isRaw;
    const finish = (): void => {
      input.off('data', onData);
      input.setRawMode?.(wasRaw);
      input.pause();
      output.write('\n');
    };
    const onData = (data: Buffer | string): void => {
      const chunk = typeof data === 'string' ? data : data.toString('utf8');
      if (chunk === ESC) {
        finish();
        reject(cancelled());
        return;
      }
      // Arrow and function keys arrive as escape sequences: not part of an answer.
      if (chunk.startsWith(ESC)) return;
      for (const ch of chunk) {
        if (ch === CTRL_C || (ch === CTRL_D && value === '')) {
          finish();
          reject(cancelled());
          return;
        }
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u007f' || ch === '\b') {
          if (value.length > 0) {
            value = Array.from(value).slice(0, -1).join('');
            if (!hidden) output.write('\b \b');
          }
          continue;
        }
        if (ch < ' ') continue;
        value += ch;
        if (!hidden) output.write(ch);
      }
    };
    // Raw mode before the question shows: a key pasted the moment the prompt appears must not be echoed.
    input.setRawMode?.(true);
    input.on('data', onData);
    input.resume();
    output.write(question);
  });
}

/** Line-at-a-time prompts on `input`/`output` (the process's own terminal by default). */
export function createLineAsker(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Asker {
  const ask = async (question: string, hidden = false): Promise<string> => {
    return (await readRawLine(input, output, question, hidden)).trim();
  };
  const list = <T>(choices: readonly Choice<T>[], marks: (c: Choice<T>) => string): void => {
    choices.forEach((c, i) => output.write(`  ${String(i + 1).padStart(2)}) ${marks(c)}${c.name}\n`));
  };
  const numbers = (answer: string, max: number): number[] | undefined => {
    const parts = answer.split(/[\s,]+/).filter(Boolean);
    const picked = parts.map((p) => Number(p));
    return picked.every((n) => Number.isInteger(n) && n >= 1 && n <= max) ? [...new Set(picked)] : undefined;
  };
  return {
    secret: (message) => ask(`${message} `, true),
    async confirm(message, defaultAnswer) {
      for (;;) {
        const answer = (await ask(`${message} ${defaultAnswer ? '[Y/n]' : '[y/N]'} `)).toLowerCase();
        if (answer === '') return defaultAnswer;
        if (answer === 'y' || answer === 'yes') return true;
        if (answer === 'n' || answer === 'no') return false;
        output.write('Please answer y or n.\n');
      }
    },
    async checkbox<T>(message: string, choices: readonly Choice<T>[]) {
      output.write(`${message}\n`);
      list(choices, (c) => (c.checked ? '[x] ' : '[ ] '));
      for (;;) {
        const answer = await ask('Numbers to use, separated by commas (Enter keeps the [x] ones): ');
        const picked = answer === '' ? choices.flatMap((c, i) => (c.checked ? [i + 1] : [])) : numbers(answer, choices.length);
        if (picked && picked.length > 0) return picked.map((n) => choices[n - 1]!.value);
        output.write(`Give at least one number from 1 to ${choices.length}.\n`);
      }
    },
    async select<T>(message: string, choices: readonly Choice<T>[], defaultValue?: T) {
      output.write(`${message}\n`);
      list(choices, () => '');
      const defaultIndex = Math.max(0, choices.findIndex((c) => c.value === defaultValue));
      for (;;) {
        const answer = await ask(`Number (Enter for ${defaultIndex + 1}): `);
        const picked = answer === '' ? [defaultIndex + 1] : numbers(answer, choices.length);
        if (picked && picked.length === 1) return choices[picked[0]! - 1]!.value;
        output.write(`Give one number from 1 to ${choices.length}.\n`);
      }
    },
  };
}
