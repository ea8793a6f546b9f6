import type { Dialect } from '../rcfile/dialect';
import { quote, unquote } from '../rcfile/quote';
import { KEY_VARIABLE } from '../key/variables';
import { parseAssignment } from '../rcfile/assignments';
import type { Line } from '../rcfile/block';
import { fromBinary } from '../rcfile/block';

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
    if (found && found.name === KEY_VARIABLE) return unquote(dialect, found.rawValue);
  }
  return undefined;
}

/** A value as written, with one layer of matching quotes taken off (for masked display and comparison). */
export function looseUnquote(raw: string): string {
  const m = /^(['"])(.*)\1;?$/.exec(raw.trim());
  return m ? m[2]! : raw.trim().replace(/;$/, '');
}
