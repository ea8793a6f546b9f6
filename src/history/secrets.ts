// Which history entries expose a key: those holding a known key's exact value, and those that give
// IONQ_API_KEY (or a variable that shadows it) a literal value — however the shell spells it.
import { ALL_KEY_VARIABLES } from '../key/variables';

const NAMES = ALL_KEY_VARIABLES.join('|');
// A value that is a reference ($VAR, $(cmd), `cmd`, %VAR%) does not expose a key by itself.
const LITERAL = `(?!['"]?[$\`%(])(?!['"]?\\s)(?!['"]?$)`;
const ASSIGNMENT_PATTERNS: readonly RegExp[] = [
  // NAME=value (sh/bash/zsh/ksh, also "NAME=value cmd" and "export NAME=value")
  new RegExp(`(?:^|[\\s;&|(!{])(${NAMES})=${LITERAL}\\S`),
  // fish: set [-gx…] NAME value
  new RegExp(`(?:^|[\\s;&|(])set\\s+(?:-{1,2}[\\w-]+\\s+)*(${NAMES})\\s+${LITERAL}\\S`),
  // tcsh: setenv NAME value; Windows: setx NAME value
  new RegExp(`(?:^|[\\s;&|(])(?:setenv|setx)\\s+(${NAMES})\\s+${LITERAL}\\S`, 'i'),
  // PowerShell: $env:NAME = value, and [Environment]::SetEnvironmentVariable('NAME', 'value'…)
  new RegExp(`\\$env:(${NAMES})\\s*=\\s*${LITERAL}\\S`, 'i'),
  new RegExp(`SetEnvironmentVariable\\(\\s*['"](${NAMES})['"]\\s*,\\s*['"](?![$])`, 'i'),
  // ionq-env-setup --key VALUE (the argv warning exists because of this)
  /ionq-env-setup\b.*\s--key(?:=|\s+)(?!-)\S/,
];

export type ExposureReason = 'holds-key' | 'assigns-literal';

/** Why this command exposes a key, or undefined if it does not. */
export function exposure(command: string, knownKeys: readonly string[]): ExposureReason | undefined {
  if (knownKeys.some((k) => k.length >= 8 && command.includes(k))) return 'holds-key';
  if (ASSIGNMENT_PATTERNS.some((p) => p.test(command))) return 'assigns-literal';
  return undefined;
}
