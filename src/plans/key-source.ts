// Where the key comes from when no one is asked for it: --key-stdin, --from-env or --key, or (in CI only)
// an IONQ_API_KEY that is already set. A pasted assignment or quoted key is reduced to the key first.
import type { System } from '../platform/system';
import { usageError } from '../platform/errors';
import type { Warning } from '../core/plan';
import { validateKey } from '../key/validate';
import { KEY_VARIABLE } from '../key/variables';
import { reducePaste, type ReducedPaste } from './key-paste';

export interface KeySourceOptions {
  keyStdin?: boolean | undefined;
  fromEnv?: string | undefined;
  key?: string | undefined;
}

export interface ObtainedKey {
  key: string;
  /** Where it came from, for messages ("standard input", "$IONQ_SECRET"). */
  source: string;
  warnings: Warning[];
  /** What was taken off the text around the key (an assignment, quotes). */
  reduced?: ReducedPaste['removed'];
}

const NO_KEY_HINT =
  `Pipe the key in with --key-stdin (for example: ionq-env-setup --key-stdin < key.txt), ` +
  `or name the environment variable holding it with --from-env NAME.`;

/** The key in `raw` (a paste, a pipe, a variable's value), reduced and checked; `source` names it in errors. */
export function keyFromText(raw: string, source: string, warnings: Warning[] = []): ObtainedKey {
  const reduced = reducePaste(raw);
  return { key: validateKey(reduced.key, source), source, warnings, ...(reduced.removed ? { reduced: reduced.removed } : {}) };
}

export const keyFlagGiven = (options: KeySourceOptions): boolean => Boolean(options.keyStdin) || options.fromEnv !== undefined || options.key !== undefined;

/** The key from exactly one of --key-stdin, --from-env and --key; undefined when none of them was given. */
export async function keyFromFlags(sys: System, options: KeySourceOptions): Promise<ObtainedKey | undefined> {
  const given = [options.keyStdin ? '--key-stdin' : '', options.fromEnv !== undefined ? '--from-env' : '', options.key !== undefined ? '--key' : ''].filter(Boolean);
  if (given.length > 1) throw usageError('KEY_SOURCES', `Give the key one way only (got ${given.join(', ')}).`);
  if (options.keyStdin) {
    if (sys.stdin.isTTY) {
      throw usageError('STDIN_IS_TERMINAL', '--key-stdin reads the key from a pipe or file, but standard input is a terminal.', 'Run: ionq-env-setup --key-stdin < key.txt (or leave out --key-stdin to be asked for the key).');
    }
    return keyFromText(await sys.stdin.readAll(), 'standard input');
  }
  if (options.fromEnv !== undefined) {
    const name = options.fromEnv;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw usageError('BAD_ENV_NAME', `--from-env takes a variable name, such as IONQ_SECRET (got something else).`);
    const value = sys.env[name];
    if (value === undefined || value.trim() === '') {
      throw usageError('ENV_NOT_SET', `The environment variable ${name} (named by --from-env) is not set or is empty.`, 'In CI, map the secret into this step\'s environment under that name.');
    }
    return keyFromText(value, `$${name}`);
  }
  if (options.key !== undefined) {
    return keyFromText(options.key, '--key', [
      {
        code: 'KEY_IN_ARGV',
        message: '--key puts the key on the command line, where other users can see it in the process list and your shell saves it in its history. Prefer --key-stdin or --from-env.',
      },
    ]);
  }
  return undefined;
}

/** The key from the flags, else (in CI only) an IONQ_API_KEY already set; else exit 2, since nobody can be asked. */
export async function keyWithoutPrompt(sys: System, options: KeySourceOptions, inCi: boolean): Promise<ObtainedKey> {
  const flagged = await keyFromFlags(sys, options);
  if (flagged) return flagged;
  const current = sys.env[KEY_VARIABLE];
  if (inCi && current !== undefined && current.trim() !== '') return keyFromText(current, `$${KEY_VARIABLE} (already set)`);
  throw usageError('NO_KEY', 'No API key given, and there is no terminal to ask for one.', NO_KEY_HINT);
}
