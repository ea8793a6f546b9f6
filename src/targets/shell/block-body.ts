// What goes between the markers of a shell file's block: the line that sets the key (inline), or the
// lines that load it from where it is stored (the key file, the OS keychain). A marker comment inside
// the block says which, so status, set and remove tell them apart without parsing shell code.
import type { Dialect } from '../../rcfile/dialect';
import { quote } from '../../rcfile/quote';
import { KEY_VARIABLE } from '../../key/variables';
import { literalValue, parseAssignment } from '../../rcfile/assignments';
import { ABOUT_NOTE, CREATED_NOTE, fromBinary, type Line } from '../../rcfile/block';

/** Where the key itself is kept: in each shell file's block, in the key file, or in the OS keychain. */
export type Store = 'inline' | 'separate' | 'keychain';
export const STORES: readonly Store[] = ['inline', 'separate', 'keychain'];

/** Inside a block that loads the key file. */
export const SEPARATE_NOTE = '# The key is in its own file (--store separate): this file holds no secret.';
/** Inside a block that reads the key from the OS keychain. */
export const KEYCHAIN_NOTE = '# The key is in the OS keychain (--store keychain): this file holds no secret.';

/** The store a block's body uses: inline unless it carries a loader's note. */
export function storeOfBlock(body: readonly Pick<Line, 'text'>[]): Store {
  const notes = new Set(body.map((l) => l.text.trim()));
  return notes.has(SEPARATE_NOTE) ? 'separate' : notes.has(KEYCHAIN_NOTE) ? 'keychain' : 'inline';
}

/** A block's body lines; `created` says the tool created the file (kept as a note, so remove may delete it). */
export type BodyLines = (created: boolean) => string[];

/** The body of a block that holds the key itself. */
export const inlineKeyBody =
  (dialect: Dialect, key: string): BodyLines =>
  (created) => [ABOUT_NOTE, ...(created ? [CREATED_NOTE] : []), assignmentLine(dialect, key)];

/** The one line that sets the variable, in each dialect. */
export function assignmentLine(dialect: Dialect, value: string, name = KEY_VARIABLE): string {
  const q = quote(dialect, value);
  switch (dialect) {
    case 'posix':
      return `export ${name}=${q}`;
    case 'fish':
      return `set -gx ${name} ${q}`;
    case 'tcsh':
      return `setenv ${name} ${q}`;
    case 'pwsh':
      return `$env:${name} = ${q}`;
  }
}

/** The key held by a block's body, or undefined when the block holds no assignment this tool can read. */
export function keyInBlock(dialect: Dialect, body: readonly Line[]): string | undefined {
  for (const line of body) {
    const found = parseAssignment(fromBinary(line.text));
    if (found && found.name === KEY_VARIABLE) return literalValue(dialect, found.rawValue);
  }
  return undefined;
}

