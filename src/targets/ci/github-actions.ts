// GitHub Actions: the runner reads $GITHUB_ENV after the step and sets each entry in the environment of
// every later step of the job. The key goes there in heredoc form with a delimiter nobody can predict
// (a fixed one let a value inject more variables: CVE-2022-35954), and is masked first with ::add-mask::.
import type { AppendChange } from '../../core/plan';
import { KEY_VARIABLE } from '../../key/variables';
import { usageError } from '../../platform/errors';

/** A fresh delimiter, in the form @actions/core uses. */
// The Web Crypto global loads the crypto module only when a delimiter is made (GitHub runs only).
export const newGithubDelimiter = (): string => `ghadelimiter_${globalThis.crypto.randomUUID()}`;

/**
 * One `$GITHUB_ENV` (or `$GITHUB_OUTPUT`) entry: `NAME<<DELIM`, the value, `DELIM`, each line LF-ended.
 * Refuses a value or name that holds the delimiter (it would end the value early).
 */
export function renderGithubFileEntry(name: string, value: string, delimiter: string): string {
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw usageError('KEY_HOLDS_DELIMITER', `The value for ${name} contains the random delimiter chosen for $GITHUB_ENV, so it cannot be written safely.`, 'Run the step again (a new delimiter is chosen each run).');
  }
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

/** Where the runner expects the entry: the file named by GITHUB_ENV (it must exist; the runner made it). */
export function githubEnvFile(env: Readonly<Record<string, string | undefined>>): string {
  const file = env.GITHUB_ENV;
  if (!file) {
    throw usageError('NOT_GITHUB_ACTIONS', '--target github needs GITHUB_ENV, the file GitHub Actions gives each step; it is not set here.', 'Run this inside a GitHub Actions step, or choose another --target.');
  }
  return file;
}

/** Plans appending IONQ_API_KEY to $GITHUB_ENV (pure, given the delimiter). */
export function planGithubEnv(envFile: string, key: string, delimiter: string): AppendChange {
  return { kind: 'append', target: 'github', status: 'updated', path: envFile, text: renderGithubFileEntry(KEY_VARIABLE, key, delimiter) };
}
