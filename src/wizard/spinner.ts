// A small spinner for the one slow step (asking IonQ about the key). Hand-written: a dependency would
// be bigger than this. It draws only on a terminal that can move the cursor back (not TERM=dumb, not a
// pipe); elsewhere the same text is printed once, as a plain line.
import type { Terminal } from '../platform/system';

const UNICODE_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
// Older Windows consoles show braille as boxes.
const ASCII_FRAMES = ['-', '\\', '|', '/'];
const FRAME_MS = 80;

export interface SpinnerOptions {
  /** Whether to animate; false prints `text` once on its own line. */
  animate: boolean;
  platform: NodeJS.Platform;
}

/** Whether a spinner can be drawn on this terminal. */
export function canAnimate(term: Pick<Terminal, 'isTTY'>, env: Readonly<Record<string, string | undefined>>): boolean {
  return term.isTTY && env.TERM !== 'dumb';
}

/** Shows `text` with a spinner until `work` settles; the line is cleared afterwards. */
export async function withSpinner<T>(term: Terminal, text: string, work: Promise<T>, options: SpinnerOptions): Promise<T> {
  if (!options.animate) {
    term.write(`${text}\n`);
    return work;
  }
  const frames = options.platform === 'win32' ? ASCII_FRAMES : UNICODE_FRAMES;
  // A line longer than the terminal wraps, and \r would then only return to the wrapped part.
  const width = Math.max(10, (term.columns ?? 80) - 1);
  const line = (frame: string): string => `${frame} ${text}`.slice(0, width);
  let i = 0;
  term.write(line(frames[0]!));
  const timer = setInterval(() => {
    i = (i + 1) % frames.length;
    term.write(`\r${line(frames[i]!)}`);
  }, FRAME_MS);
  try {
    return await work;
  } finally {
    clearInterval(timer);
    // Erase the spinner line; what happened is said by the caller on a clean line.
    term.write('\r\u001b[2K');
  }
}
