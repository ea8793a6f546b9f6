import { ALL_KEY_VARIABLES } from '../key/variables';
import { maskKey } from '../key/mask';
import { fromBinary, splitLines } from './block';
import type { Dialect } from './dialect';
import { unquote } from './quote';

/** A line, not written by this tool, that gives one of the key variables a value. */
export interface Assignment {
  name: string;
  line: number;
  /** The value as written (still quoted); only ever shown masked. */
  rawValue: string;
}

const NAMES = ALL_KEY_VARIABLES.join('|');
const LOWERCASE_NAMES = ALL_KEY_VARIABLES.map((name) => name.toLowerCase());
// One pattern per way the supported dialects set an environment variable; the value is group 2. Each is
// compiled when a line first needs it (see patternFor): compiling all of them costs a run more than
// reading its files.
const PATTERN_SOURCES: readonly (readonly [source: string, flags: string])[] = [
  // sh/bash/zsh/ksh, dotenv: NAME=v, export NAME=v, declare/typeset -x NAME=v
  [`^\\s*(?:export\\s+|(?:declare|typeset|local|readonly)\\s+(?:-\\w+\\s+)*)?(${NAMES})=(.*)$`, ''],
  // fish: set [-gx…] NAME value
  [`^\\s*set\\s+(?:-{1,2}[\\w-]+\\s+)*(${NAMES})\\s+(.*)$`, ''],
  // tcsh: setenv NAME value
  [`^\\s*setenv\\s+(${NAMES})\\s+(.*)$`, ''],
  // PowerShell: $env:NAME = value (case-insensitive, like PowerShell)
  [`^\\s*\\$env:(${NAMES})\\s*=\\s*(.*)$`, 'i'],
  // PowerShell: [Environment]::SetEnvironmentVariable('NAME', value…)
  [`^\\s*\\[(?:System\\.)?Environment\\]::SetEnvironmentVariable\\(\\s*['"](${NAMES})['"]\\s*,\\s*(.*)\\)\\s*$`, 'i'],
];
const compiled: (RegExp | undefined)[] = [];

/** The one pattern that can match a line, chosen by how the line starts (each pattern is anchored there). */
function patternFor(trimmed: string): RegExp {
  const index = /^setenv\s/.test(trimmed) ? 2 : /^set\s/.test(trimmed) ? 1 : trimmed.startsWith('$') ? 3 : trimmed.startsWith('[') ? 4 : 0;
  const [source, flags] = PATTERN_SOURCES[index]!;
  return (compiled[index] ??= new RegExp(source, flags));
}

/** Parses one line; undefined when it assigns none of the key variables (comments never do). */
export function parseAssignment(lineText: string): { name: string; rawValue: string } | undefined {
  // Stryker disable next-line ConditionalExpression,MethodExpression: a shortcut only: every pattern is anchored at the line's start, where a comment's # never matches.
  if (lineText.trimStart().startsWith('#')) return undefined;
  // Most lines name no key variable at all: a plain search settles them before any pattern is compiled.
  const lower = lineText.toLowerCase();
  // Stryker disable next-line ConditionalExpression: a shortcut only: no pattern matches a line without a key variable's name.
  if (!LOWERCASE_NAMES.some((name) => lower.includes(name))) return undefined;
  const m = patternFor(lineText.trimStart()).exec(lineText);
  if (!m) return undefined;
  const name = ALL_KEY_VARIABLES.find((n) => n.toUpperCase() === m[1]!.toUpperCase()) ?? m[1]!;
  return { name, rawValue: m[2]!.trim() };
}

/** Every assignment outside the lines in `skip` (the tool's own block), in file order. */
export function findAssignments(binaryText: string, skip?: { from: number; to: number }): Assignment[] {
  const out: Assignment[] = [];
  for (const line of splitLines(binaryText)) {
    if (skip && line.number >= skip.from && line.number <= skip.to) continue;
    const found = parseAssignment(fromBinary(line.text));
    if (found) out.push({ ...found, line: line.number });
  }
  return out;
}

/** Masks the value of an assignment line for display; other lines come back as they are. */
export function maskAssignmentLine(lineText: string, mask: (raw: string) => string): string {
  const found = parseAssignment(lineText);
  if (!found || found.rawValue.length === 0) return lineText;
  const at = lineText.lastIndexOf(found.rawValue);
  return lineText.slice(0, at) + mask(found.rawValue) + lineText.slice(at + found.rawValue.length);
}

/** A value as written, with one layer of matching quotes taken off (for masked display and comparison). */
export function looseUnquote(raw: string): string {
  const m = /^(['"])(.*)\1;?$/.exec(raw.trim());
  return m ? m[2]! : raw.trim().replace(/;$/, '');
}

const COMPUTED = /[$`]|^\(|\)$/;

/** The value an assignment gives, when it is a literal this tool can read. */
export function literalValue(dialect: Dialect | 'dotenv', raw: string): string | undefined {
  const trimmed = raw.trim();
  if (dialect !== 'dotenv') {
    const exact = unquote(dialect, trimmed);
    if (exact !== undefined) return exact;
  }
  if (/^"[^"$`\\]*"$/.test(trimmed) || /^'[^']*'$/.test(trimmed)) return looseUnquote(trimmed);
  // dotenv: an unquoted value ends at " #" (a comment), as python-dotenv reads it.
  const bare = dialect === 'dotenv' ? trimmed.replace(/\s+#.*/, '') : trimmed.replace(/;$/, '');
  if (bare === '' || COMPUTED.test(bare) || /["'\\\s]/.test(bare)) return undefined;
  return bare;
}

/** How an assignment's value is shown: the key's mask, or for a value the shell computes, the mask of its text. */
export function maskedValue(dialect: Dialect | 'dotenv', raw: string): string {
  const value = literalValue(dialect, raw);
  return value !== undefined ? maskKey(value) : `(computed: ${maskKey(looseUnquote(raw))})`;
}
