import type { Asker } from '../wizard/ask';
import type { Colors } from '../color';

/**
 * How a command talks to the person running it. `interactive` is true only on a terminal without
 * --json; then `asker()` gives the prompts. `info` prints progress for people (nothing in --json mode).
 */
export interface Interaction {
  interactive: boolean;
  asker(): Asker;
  info(text: string): void;
  colors: Colors;
}
