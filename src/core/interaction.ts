// How a command talks to the person running it. Every question goes through an Asker, so tests can
// answer them (and fail on a question they did not expect); wizard/ask.ts makes the real one.
import type { Colors } from '../platform/color';

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

/**
 * `interactive` is true only on a terminal without --json (and never in CI); then `asker()` gives the
 * prompts. `info` prints progress for people (nothing in --json mode).
 */
export interface Interaction {
  interactive: boolean;
  asker(): Asker;
  info(text: string): void;
  colors: Colors;
  /** How many columns the person's terminal has, for wrapping prose. */
  width: number;
}
