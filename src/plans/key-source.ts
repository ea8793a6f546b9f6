import type { System } from '../platform/system';
import { usageError } from '../platform/errors';
import type { Warning } from '../core/plan';
import { validateKey } from '../key/validate';
import { KEY_VARIABLE } from '../key/variables';

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
}

const NO_KEY_HINT =
  `Pipe the key in with --key-stdin (for example: ionq-env-setup --key-stdin < key.txt), ` +
  `or name the environment variable holding it with --from-env NAME.`;

/**
 * Takes the key from exactly one of: --key-stdin, --from-env, --key, a hidden prompt on a terminal, or
 * (in CI only) an IONQ_API_KEY that is already set. Never waits for input nobody can give.
 */
export async function obtainKey(
  sys: System,
  options: KeySourceOptions,
  ask: (() => Promise<string>) | undefined,
  inCi: boolean,
): Promise<ObtainedKey> {
  const given = [options.keyStdin ? '--key-stdin' : '', options.fromEnv !== undefined ? '--from-env' : '', options.key !== undefined ? '--key' : ''].filter(Boolean);
  if (given.length > 1) throw usageError('KEY_SOURCES', `Give the key one way only (got ${given.join(', ')}).`);

  if (options.keyStdin) {
    if (sys.stdin.isTTY) {
      throw usageError('STDIN_IS_TERMINAL', '--key-stdin reads the key from a pipe or file, but standard input is a terminal.', 'Run: ionq-env-setup --key-stdin < key.txt (or leave out --key-stdin to be asked for the key).');
    }
    return { key: validateKey(await sys.stdin.readAll(), 'standard input'), source: 'standard input', warnings: [] };
  }
  if (options.fromEnv !== undefined) {
    const name = options.fromEnv;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw usageError('BAD_ENV_NAME', `--from-env takes a variable name, such as IONQ_SECRET (got something else).`);
    const value = sys.env[name];
    if (value === undefined || value.trim() === '') {
      throw usageError('ENV_NOT_SET', `The environment variable ${name} (named by --from-env) is not set or is empty.`, 'In CI, map the secret into this step\'s environment under that name.');
    }
    return { key: validateKey(value, `$${name}`), source: `$${name}`, warnings: [] };
  }
  if (options.key !== undefined) {
    return {
      key: validateKey(options.key, '--key'),
      source: '--key',
      warnings: [
        {
          code: 'KEY_IN_ARGV',
          message: '--key puts the key on the command line, where other users can see it in the process list and your shell saves it in its history. Prefer --key-stdin or --from-env.',
        },
      ],
    };
  }
  if (ask) return { key: validateKey(await ask(), 'the prompt'), source: 'the prompt', warnings: [] };
  const current = sys.env[KEY_VARIABLE];
  if (inCi && current !== undefined && current.trim() !== '') {
    return { key: validateKey(current, `$${KEY_VARIABLE}`), source: `$${KEY_VARIABLE} (already set)`, warnings: [] };
  }
  throw usageError('NO_KEY', 'No API key given, and there is no terminal to ask for one.', NO_KEY_HINT);
}
