// --dotenv PATH: `IONQ_API_KEY='…'` in a file that a script sources (`set -a; . PATH; set +a`) or a dotenv
// loader reads. The line sits in the tool's marked block rather than owning the whole file, so PATH may be
// a project's existing .env: its other lines stay byte-for-byte, a second run with the same key changes
// nothing, a new key replaces the line in place. Dotenv parsers skip the `#` marker lines as comments.
import { resolve } from 'node:path';
import type { Context } from '../../core/context';
import { readFileState } from '../../rcfile/file-state';
import { ABOUT_NOTE, CREATED_NOTE, fromBinary, scanBlock } from '../../rcfile/block';
import { parseAssignment } from '../../rcfile/assignments';
import { KEY_VARIABLE } from '../../key/variables';
import { usageError } from '../../platform/errors';
import { maskKey } from '../../key/mask';
import { planSetInFile, type RcTarget, type SetInFileResult } from './rc-file';
import type { BodyLines } from './block-body';

/**
 * Characters every common reader takes literally in a bare value: POSIX sh, python-dotenv, npm dotenv,
 * Node's --env-file, direnv and docker's --env-file (which keeps quotes as part of the value). Every IonQ
 * key is made of these.
 */
const BARE_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * How a key is written so that every reader gets it back exactly — `set -a; . FILE` in a POSIX shell,
 * Node's --env-file and util.parseEnv, npm dotenv, python-dotenv and direnv — or undefined when no form
 * does. Single quotes are literal to all of them except python-dotenv, which takes \\ and \' as escapes
 * and expands ${…} there too (0.21 and 1.2 alike); double quotes are safe without " \ $ and `. A key with ' and one of those
 * cannot be written for all of them.
 */
function dotenvValue(key: string): string | undefined {
  if (BARE_SAFE.test(key)) return key;
  if (!/['\\]|\$\{/.test(key)) return `'${key}'`;
  if (!/["\\$`]/.test(key)) return `"${key}"`;
  return undefined;
}

/** Reads back a value this module wrote (bare, or in single or double quotes); undefined for anything else. */
function readDotenvValue(raw: string): string | undefined {
  if (BARE_SAFE.test(raw)) return raw;
  const quoted = /^(['"])(.*)\1$/.exec(raw);
  return quoted ? quoted[2] : undefined;
}

/**
 * `NAME=value` without `export` (docker's --env-file would take `export NAME` as the name). Refuses a key no
 * form carries to every reader (exit 2): a file some reader silently misreads is worse than none.
 */
export function dotenvLine(key: string, name = KEY_VARIABLE): string {
  const value = dotenvValue(key);
  if (value === undefined) {
    throw usageError(
      'DOTENV_UNSAFE_KEY',
      "This key holds characters that dotenv readers (Node's --env-file, npm dotenv, python-dotenv, direnv) read differently (a \\ anywhere; a ' or ${ together with \", $ or `), so no dotenv file was written.",
      'IonQ keys never hold these characters: copy the key again. To hand this value to a script anyway, map it as IONQ_API_KEY in the pipeline file instead of a dotenv file.',
    );
  }
  return `${name}=${value}`;
}

const dotenvBody =
  (key: string): BodyLines =>
  (created) => [ABOUT_NOTE, ...(created ? [CREATED_NOTE] : []), dotenvLine(key)];

/** Reads the file named by --dotenv (relative to the working directory) as a target. */
export async function dotenvTarget(ctx: Context, file: string): Promise<RcTarget> {
  const state = await readFileState(ctx.sys.fs, resolve(ctx.sys.cwd, file));
  return { target: 'dotenv', dialect: 'posix', file: state, label: ctx.label(state.path) };
}

/** Plans the key's block in the dotenv file (a new file is 0600); a different key there is a conflict. */
export function planDotenv(t: RcTarget, key: string): SetInFileResult {
  // The block edit itself is the shell one; only reading the current key back is dotenv's own (bare values).
  const result = planSetInFile(t, undefined, dotenvBody(key));
  const existing = keyInDotenvBlock(t.file.content);
  if (existing !== undefined && existing !== key) {
    return { ...result, conflict: { where: t.label, existingMasked: existing === null ? '(unreadable)' : maskKey(existing) } };
  }
  return result;
}

/** The key in the file's block: a string, null when the block sets it in a form not read here, else undefined. */
function keyInDotenvBlock(content: string | null): string | null | undefined {
  if (content === null) return undefined;
  const scan = scanBlock(content);
  if (scan.kind !== 'one') return undefined;
  for (const line of scan.block.body) {
    const found = parseAssignment(fromBinary(line.text));
    if (found && found.name === KEY_VARIABLE) return readDotenvValue(found.rawValue) ?? null;
  }
  return undefined;
}
