// The one door to interactive prompts. Every question the tool asks goes through an Asker, so tests
// can answer them (and fail on a question they did not expect); the real one loads Inquirer.js lazily,
// so runs that ask nothing never pay for it.
import { cancelled } from '../errors';

export interface Choice<T> {
  value: T;
  name: string;
  checked?: boolean;
  description?: string;
}

export interface Asker {
  /** Hidden input; the message should say that typing is hidden. */
  secret(message: string): Promise<string>;
  confirm(message: string, defaultAnswer: boolean): Promise<boolean>;
  checkbox<T>(message: string, choices: readonly Choice<T>[]): Promise<T[]>;
  select<T>(message: string, choices: readonly Choice<T>[], defaultValue?: T): Promise<T>;
}

/** Inquirer.js behind the Asker interface; Ctrl+C or Esc become the tool's "cancelled" (exit 130). */
export function createInquirerAsker(): Asker {
  const guard = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError') throw cancelled();
      throw error;
    }
  };
  const prompts = () => import('@inquirer/prompts');
  return {
    secret: (message) =>
      guard(async () => (await prompts()).password({ message, mask: false, validate: (v) => (v.trim().length > 0 ? true : 'Paste the key (input is hidden), then press Enter.') })),
    confirm: (message, defaultAnswer) => guard(async () => (await prompts()).confirm({ message, default: defaultAnswer })),
    checkbox: <T>(message: string, choices: readonly Choice<T>[]) =>
      guard(async () =>
        (await prompts()).checkbox<T>({
          message,
          choices: choices.map((c) => ({ value: c.value, name: c.name, checked: c.checked ?? false, ...(c.description ? { description: c.description } : {}) })),
          required: true,
        }),
      ),
    select: <T>(message: string, choices: readonly Choice<T>[], defaultValue?: T) =>
      guard(async () =>
        (await prompts()).select<T>({
          message,
          choices: choices.map((c) => ({ value: c.value, name: c.name, ...(c.description ? { description: c.description } : {}) })),
          ...(defaultValue === undefined ? {} : { default: defaultValue }),
        }),
      ),
  };
}
