// The real Asker (core/interaction.ts): Inquirer.js, loaded only when a question is asked, or plain line
// prompts on a terminal that cannot move its cursor.
import { cancelled } from '../platform/errors';
import type { Asker, Choice } from '../core/interaction';
import { createLineAsker } from './line-asker';

/**
 * The asker for the terminal at hand: Inquirer's redrawing prompts, or plain line prompts on a terminal
 * that cannot move its cursor (TERM=dumb: Emacs' shell buffer, some CI consoles and serial lines).
 */
export function createTerminalAsker(env: Readonly<Record<string, string | undefined>>): Asker {
  return env.TERM === 'dumb' ? createLineAsker() : createInquirerAsker();
}

interface PromptContext {
  signal: AbortSignal;
}

/** Inquirer.js behind the Asker interface; Ctrl+C or Esc become the tool's "cancelled" (exit 130). */
function createInquirerAsker(input: NodeJS.ReadStream = process.stdin): Asker {
  // Inquirer ends a prompt on Ctrl+C itself, but not on Esc: its documented way is an AbortSignal,
  // aborted here when the prompt's readline reports an Esc keypress (a lone Esc byte; arrow keys
  // start with Esc too, but readline reports those as their own keys).
  const guard = async <T>(run: (context: PromptContext) => Promise<T>): Promise<T> => {
    const escape = new AbortController();
    const onKeypress = (_text: unknown, key?: { name?: string }): void => {
      if (key?.name === 'escape') escape.abort();
    };
    input.on('keypress', onKeypress);
    try {
      return await run({ signal: escape.signal });
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError') throw cancelled();
      throw error;
    } finally {
      input.off('keypress', onKeypress);
    }
  };
  const prompts = () => import('./inquirer');
  return {
    secret: (message) =>
      guard(async (context) =>
        (await prompts()).password(
          {
            message,
            mask: false,
            // Ctrl+T would show the key on screen (and in any recording of the terminal).
            toggleMask: false,
            // The message already says the input is hidden; Inquirer's own "[input is masked]" would say it twice.
            theme: { style: { maskedText: '' } },
          },
          { input, ...context },
        ),
      ),
    confirm: (message, defaultAnswer) => guard(async (context) => (await prompts()).confirm({ message, default: defaultAnswer }, { input, ...context })),
    checkbox: <T>(message: string, choices: readonly Choice<T>[]) =>
      guard(async (context) =>
        (await prompts()).checkbox<T>(
          {
            message,
            choices: choices.map((c) => ({ value: c.value, name: c.name, checked: c.checked ?? false, ...(c.description ? { description: c.description } : {}) })),
            required: true,
          },
          { input, ...context },
        ),
      ),
    select: <T>(message: string, choices: readonly Choice<T>[], defaultValue?: T) =>
      guard(async (context) =>
        (await prompts()).select<T>(
          {
            message,
            choices: choices.map((c) => ({ value: c.value, name: c.name, ...(c.description ? { description: c.description } : {}) })),
            ...(defaultValue === undefined ? {} : { default: defaultValue }),
          },
          { input, ...context },
        ),
      ),
  };
}
