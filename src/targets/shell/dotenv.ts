// --dotenv PATH: `IONQ_API_KEY='…'` in a file that a script sources (`set -a; . PATH; set +a`) or a dotenv
// loader reads. The line sits in the tool's marked block rather than owning the whole file, so PATH may be
// a project's existing .env: its other lines stay byte-for-byte, a second run with the same key changes
// nothing, a new key replaces the line in place. Dotenv parsers skip the `#` marker lines as comments.
import { resolve } from 'node:path';
import type { Context } from '../../core/context';
import { readFileState } from '../../rcfile/file-state';
import { quotePosix, unquote } from '../../rcfile/quote';
import { ABOUT_NOTE, CREATED_NOTE, fromBinary, scanBlock } from '../../rcfile/block';
import { parseAssignment } from '../../rcfile/assignments';
import { KEY_VARIABLE } from '../../key/variables';
import { maskKey } from '../../key/mask';
import { planSetInFile, type RcTarget, type SetInFileResult } from './rc-file';
import type { BodyLines } from './block-body';

/**
 * Characters every common reader takes literally in a bare value: POSIX sh, python-dotenv, Node's
 * --env-file and docker's --env-file (which keeps quotes as part of the value). Every IonQ key is made of these.
 */
const BARE_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** The value as written: bare when every reader agrees on it, else single-quoted for POSIX sh. */
export const dotenvValue = (key: string): string => (BARE_SAFE.test(key) ? key : quotePosix(key));

/** Reads back a value this module wrote (bare or POSIX single-quoted); undefined for anything else. */
export const readDotenvValue = (raw: string): string | undefined => (BARE_SAFE.test(raw) ? raw : unquote('posix', raw));

/** `NAME=value` without `export` (docker's --env-file would take `export NAME` as the name). */
export const dotenvLine = (key: string, name = KEY_VARIABLE): string => `${name}=${dotenvValue(key)}`;

export const dotenvBody =
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
