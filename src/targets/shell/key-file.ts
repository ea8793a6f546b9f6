// --store separate: the key lives alone in one file the tool owns, ${XDG_CONFIG_HOME:-~/.config}/ionq/env,
// and each shell's block only loads it — so the rc file holds no secret and is safe to commit.
//
// The file holds the raw key and a newline, nothing else: no shell parses it as code, so no key needs
// quoting, and every shell can read it (POSIX `read -r`, fish `string trim`, tcsh `cat`, .NET ReadAllText).
import { isAbsolute, join, relative as relativePath, sep } from 'node:path';
import type { Dialect } from '../../rcfile/dialect';
import type { ShellRoots } from '../../detect/startup-files';
import { ABOUT_NOTE, CREATED_NOTE, fromBinary, toBinary, type EditStatus } from '../../rcfile/block';
import { quotePosix, quoteFish, quoteTcsh, quotePwsh } from '../../rcfile/quote';
import type { FileState } from '../../rcfile/file-state';
import type { Conflict, FileChange } from '../../core/plan';
import { KEY_VARIABLE } from '../../key/variables';
import { maskKey } from '../../key/mask';
import { SEPARATE_NOTE, type BodyLines } from './block-body';

/** Where the key file lives. */
export const keyFilePath = (roots: ShellRoots): string => join(roots.configHome, 'ionq', 'env');

/** The key a key file's bytes hold (the first line, without surrounding whitespace), or undefined. */
export function keyInKeyFile(content: string | null): string | undefined {
  if (content === null) return undefined;
  const first = fromBinary(content).split('\n')[0]!.trim();
  return first === '' ? undefined : first;
}

/** The key file's bytes for `key`. */
export const keyFileContent = (key: string): string => toBinary(key) + '\n';

/**
 * How a shell names the key file: relative to $HOME when it is under the home directory, so a dotfiles
 * repository shared between machines (and user names) still finds it; else by its absolute path.
 * `"$HOME"` followed by the rest in the dialect's single quotes is one word in every shell.
 */
export function keyFileWord(dialect: Dialect, file: string, home: string): string {
  const rel = relativePath(home, file);
  // Not `rel.startsWith('..')`: a name like `..env` right under the home is still under it.
  const underHome = rel !== '' && rel.split(sep)[0] !== '..' && !isAbsolute(rel);
  const rest = '/' + rel.split(sep).join('/');
  switch (dialect) {
    case 'posix':
      return underHome ? `"$HOME"${quotePosix(rest)}` : quotePosix(file);
    case 'fish':
      return underHome ? `"$HOME"${quoteFish(rest)}` : quoteFish(file);
    case 'tcsh':
      return underHome ? `"$HOME"${quoteTcsh(rest)}` : quoteTcsh(file);
    case 'pwsh':
      // An expression, not a word: used inside parentheses.
      return underHome ? `$HOME + ${quotePwsh(rest)}` : quotePwsh(file);
  }
}

/**
 * The lines that load the key file into IONQ_API_KEY, doing nothing when the file is missing (no error
 * at every shell start). Checked with real shells for every awkward key and for paths with spaces and quotes.
 */
export function loaderLines(dialect: Dialect, word: string): string[] {
  const v = KEY_VARIABLE;
  switch (dialect) {
    case 'posix':
      // `read -r` keeps backslashes (sh, dash, bash, zsh, ksh) and forks nothing.
      return [`if [ -r ${word} ]; then read -r ${v} < ${word}; export ${v}; fi`];
    case 'fish':
      return [`if test -r ${word}`, `    set -gx ${v} (string trim < ${word})`, 'end'];
    case 'tcsh':
      // The redirection feeds `cat` inside the backquotes; the path is never re-parsed there, and the
      // double quotes keep the key one word, unglobbed (tcsh does not history-expand substituted text).
      return [`if ( -r ${word} ) then`, `    setenv ${v} "\`cat\`" < ${word}`, 'endif'];
    case 'pwsh':
      return [`if (Test-Path -LiteralPath (${word})) {`, `    $env:${v} = [IO.File]::ReadAllText(${word}).Trim()`, '}'];
  }
}

/** The block body of a shell that loads the key file. */
export const loaderBody =
  (dialect: Dialect, file: string, home: string): BodyLines =>
  (created) => [ABOUT_NOTE, ...(created ? [CREATED_NOTE] : []), SEPARATE_NOTE, ...loaderLines(dialect, keyFileWord(dialect, file, home))];

/** Plans writing `key` into the key file; a different key already there is a conflict. */
export function planKeyFile(file: FileState, key: string, label: string): { change: FileChange; conflict?: Conflict } {
  const replan = (current: string | null): { after: string; status: EditStatus } => {
    const after = keyFileContent(key);
    return { after, status: current === null ? 'created' : current === after ? 'unchanged' : 'updated' };
  };
  const planned = replan(file.content);
  // A key file left readable by others is made private again, even when the key is unchanged.
  const loose = ((file.mode ?? 0) & 0o077) !== 0;
  const change: FileChange = {
    kind: 'file',
    target: 'key-file',
    file,
    after: planned.after,
    // Only an existing file has a mode: `loose` turns "unchanged" into "updated", and leaves "updated" as it is.
    status: loose ? 'updated' : planned.status,
    mode: 0o600,
    private: true,
    replan,
  };
  const existing = keyInKeyFile(file.content);
  return { change, ...(existing !== undefined && existing !== key ? { conflict: { where: label, existingMasked: maskKey(existing) } } : {}) };
}

/** Plans deleting the key file (remove). */
export function planDeleteKeyFile(file: FileState): FileChange {
  return {
    kind: 'file',
    target: 'key-file',
    file,
    after: null,
    status: file.exists ? 'removed' : 'unchanged',
    mode: 0o600,
    replan: (current) => ({ after: null, status: current === null ? 'unchanged' : 'removed' }),
  };
}
