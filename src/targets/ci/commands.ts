// The logging commands CI runners read from a step's standard output, built as text (pure). Two of them
// carry the key on purpose — GitHub's add-mask and Azure's secret setvariable — which is why they are
// written through a separate, narrow channel (System.ciChannel) that the output redactor does not touch.
import { KEY_VARIABLE } from '../../key/variables';

/**
 * GitHub's runner un-escapes a command's data (`%25` → `%`, `%0D`, `%0A`); escape in the same order as
 * @actions/core so a key holding `%0A` literally reaches the runner unchanged.
 */
const escapeGithubData = (value: string): string => value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** `::add-mask::<key>`: from this line on the runner replaces the key with *** in every log. */
export const githubMaskCommand = (secret: string): string => `::add-mask::${escapeGithubData(secret)}`;

/** A red annotation on the run's summary page; `message` is the tool's own text (never the key). */
export const githubErrorCommand = (message: string, title = 'ionq-env-setup'): string =>
  `::error title=${title}::${escapeGithubData(message)}`;

/**
 * The Azure agent un-escapes `%0D`, `%0A`, `%3B`, `%5D` and (since 2021, unless DECODE_PERCENTS=false)
 * `%AZP25` → `%`. A value with none of those sequences is written as it is, which reads back exactly under
 * either setting; one that holds such a sequence gets every `%` written `%AZP25`, as azure-pipelines-task-lib does.
 */
export function escapeAzureData(value: string): string {
  const withoutBreaks = value.replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  if (!/%(0D|0A|3B|5D|AZP25)/.test(value)) return withoutBreaks;
  return value.replace(/%/g, '%AZP25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Sets a secret pipeline variable for later steps (masked in logs; mapped into a step only with `env:`). */
export const azureSetSecretCommand = (value: string, name = KEY_VARIABLE): string =>
  `##vso[task.setvariable variable=${name};issecret=true]${escapeAzureData(value)}`;

export const azureErrorCommand = (message: string): string => `##vso[task.logissue type=error]${escapeAzureData(message)}`;

/**
 * The only lines the unredacted channel accepts: exactly one logging command that either masks a value or
 * sets the key's secret variable, on one line. Anything else (a message, a stray newline) is refused.
 */
export function isKeyCarryingCommand(line: string): boolean {
  if (/[\r\n]/.test(line)) return false;
  return line.startsWith('::add-mask::') || line.startsWith(`##vso[task.setvariable variable=${KEY_VARIABLE};issecret=true]`);
}
