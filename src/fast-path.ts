// Help and version texts are rendered by yargs at build time (scripts/build.mjs) into dist/help.json, read
// only when a command line asks for one of them: the commonest first command a user types answers as fast
// as `node` itself starts, and no other run pays for reading the texts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The commands, in the order --help lists them (set by scripts/build.mjs). */
declare const __COMMANDS__: readonly string[] | undefined;

/** The key of a prerendered text for these exact arguments ("--help", "status --help", "--version"). */
export function prerenderedKey(argv: readonly string[]): string | undefined {
  const norm = argv.map((a) => (a === '-h' ? '--help' : a));
  if (norm.length === 1 && (norm[0] === '--help' || norm[0] === '--version')) return norm[0];
  if (norm.length === 2 && norm[1] === '--help' && /^[a-z][a-z-]*$/.test(norm[0]!)) return `${norm[0]} --help`;
  return undefined;
}

/** The prerendered answer to `argv`, from help.json in `dir`; undefined when there is none (yargs answers). */
export function prerenderedAnswer(argv: readonly string[], dir: string): string | undefined {
  const key = prerenderedKey(argv);
  if (key === undefined) return undefined;
  let texts: Record<string, string>;
  try {
    texts = JSON.parse(readFileSync(join(dir, 'help.json'), 'utf8')) as Record<string, string>;
  } catch {
    return undefined;
  }
  return Object.hasOwn(texts, key) ? texts[key] : undefined;
}

/** The command a command line runs ("status", "remove"…), or "set" for the default command. */
export function commandNameOf(argv: readonly string[]): string {
  const first = argv[0];
  return first !== undefined && typeof __COMMANDS__ === 'object' && __COMMANDS__.includes(first) ? first : 'set';
}
