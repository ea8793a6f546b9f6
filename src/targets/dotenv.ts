// --dotenv PATH: `IONQ_API_KEY='…'` in a file that a script sources (`set -a; . PATH; set +a`) or a dotenv
// loader reads. The line sits in the tool's marked block rather than owning the whole file, so PATH may be
// a project's existing .env: its other lines stay byte-for-byte, a second run with the same key changes
// nothing, a new key replaces the line in place. Dotenv parsers skip the `#` marker lines as comments.
import * as path from 'node:path';
import type { Context } from '../commands/context';
import { readFileState } from '../rcfile/file-state';
import { quotePosix } from '../rcfile/quote';
import { ABOUT_NOTE, CREATED_NOTE } from '../rcfile/block';
import { KEY_VARIABLE } from '../key/variables';
import { planSetInFile, type BodyLines, type RcTarget, type SetInFileResult } from './rc-file';

/** `NAME='value'` without `export` (docker's --env-file would take `export NAME` as the name). */
export const dotenvLine = (key: string, name = KEY_VARIABLE): string => `${name}=${quotePosix(key)}`;

export const dotenvBody =
  (key: string): BodyLines =>
  (created) => [ABOUT_NOTE, ...(created ? [CREATED_NOTE] : []), dotenvLine(key)];

/** Reads the file named by --dotenv (relative to the working directory) as a target. */
export async function dotenvTarget(ctx: Context, file: string): Promise<RcTarget> {
  const state = await readFileState(ctx.sys.fs, path.resolve(ctx.sys.cwd, file));
  return { target: 'dotenv', dialect: 'posix', file: state, label: ctx.label(state.path) };
}

/** Plans the key's block in the dotenv file (a new file is 0600). */
export function planDotenv(t: RcTarget, key: string): SetInFileResult {
  return planSetInFile(t, key, dotenvBody(key));
}
