// Runs the built CLI in a real pseudo-terminal (node-pty), the way a person runs the wizard: it reads
// the screen, types, and waits for text to appear. Waits are on screen text, never fixed sleeps, with
// generous timeouts so a loaded machine is slow rather than flaky.
import { createRequire } from 'node:module';
import { stripVTControlCharacters } from 'node:util';
import type * as NodePty from 'node-pty';
import { BUILT_CLI } from './cli';

// node-pty is CommonJS with a native addon; load it the CommonJS way from these ES-module tests.
const pty = createRequire(import.meta.url)('node-pty') as typeof NodePty;

export const KEYS = {
  enter: '\r',
  ctrlC: '\u0003',
  esc: '\u001b',
  space: ' ',
  down: '\u001b[B',
} as const;

interface PtyExit {
  exitCode: number;
  signal: number | undefined;
}

export interface PtySession {
  /** Everything the program wrote, escape sequences and all. */
  raw(): string;
  /** What was written with escape sequences removed (enough to find text; not a screen emulation). */
  text(): string;
  /** Types into the terminal (as a person or a paste would). */
  type(input: string): void;
  /**
   * Waits until `pattern` appears in the text after the previous match, and moves past it: a test reads
   * the conversation in order, so a prompt asked twice is waited for twice.
   */
  waitFor(pattern: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves when the program ends. */
  exited: Promise<PtyExit>;
  kill(): void;
}

export interface PtyOptions {
  env: Record<string, string | undefined>;
  cols?: number;
  rows?: number;
  cwd?: string;
  /** Options for node itself, before the script (a preload, V8 flags). */
  nodeArgs?: readonly string[];
}

const DEFAULT_WAIT_MS = 30_000;

/** Starts `node dist/cli.js argv…` in a new pseudo-terminal with exactly `env`. */
export function spawnBuiltInPty(argv: readonly string[], options: PtyOptions): PtySession {
  const env = Object.fromEntries(Object.entries(options.env).filter(([, v]) => v !== undefined)) as Record<string, string>;
  const child = pty.spawn(process.execPath, [...(options.nodeArgs ?? []), BUILT_CLI, ...argv], {
    name: env.TERM ?? 'xterm-256color',
    cols: options.cols ?? 100,
    rows: options.rows ?? 40,
    cwd: options.cwd ?? env.HOME ?? process.cwd(),
    env,
  });
  let raw = '';
  let cursor = 0;
  const listeners = new Set<() => void>();
  child.onData((data) => {
    raw += data;
    for (const l of [...listeners]) l();
  });
  let ended = false;
  const exited = new Promise<PtyExit>((resolve) => {
    child.onExit(({ exitCode, signal }) => {
      ended = true;
      // Let the last output arrive before anyone reads it.
      setTimeout(() => {
        resolve({ exitCode, signal });
        for (const l of [...listeners]) l();
      }, 50);
    });
  });
  const text = (): string => stripVTControlCharacters(raw).replace(/\r/g, '');

  return {
    raw: () => raw,
    text,
    type: (input) => child.write(input),
    waitFor: (pattern, timeoutMs = DEFAULT_WAIT_MS) =>
      new Promise<string>((resolve, reject) => {
        const check = (): boolean => {
          const rest = text().slice(cursor);
          const match = typeof pattern === 'string' ? (rest.includes(pattern) ? { index: rest.indexOf(pattern), 0: pattern } : null) : pattern.exec(rest);
          if (!match) return false;
          cursor += match.index + match[0].length;
          return true;
        };
        if (check()) return resolve(text());
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${String(pattern)}. Screen so far (from the last match):\n${text().slice(cursor)}`));
        }, timeoutMs);
        const listener = (): void => {
          if (check()) {
            clearTimeout(timer);
            listeners.delete(listener);
            resolve(text());
          } else if (ended) {
            // Keep waiting for the last flush; the timer reports if the text never comes.
          }
        };
        listeners.add(listener);
      }),
    exited,
    kill: () => {
      if (!ended) child.kill();
    },
  };
}
