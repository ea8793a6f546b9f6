// Help and version texts are rendered by yargs at build time (scripts/build.mjs) and embedded here, so
// the commonest first command a user types answers as fast as `node` itself starts.
declare const __PRERENDERED__: Readonly<Record<string, string>> | undefined;

/** The key of a prerendered text for these exact arguments ("--help", "status --help", "--version"). */
export function prerenderedKey(argv: readonly string[]): string | undefined {
  const norm = argv.map((a) => (a === '-h' ? '--help' : a));
  if (norm.length === 1 && (norm[0] === '--help' || norm[0] === '--version')) return norm[0];
  if (norm.length === 2 && norm[1] === '--help' && /^[a-z][a-z-]*$/.test(norm[0]!)) return `${norm[0]} --help`;
  return undefined;
}

export function prerenderedAnswer(argv: readonly string[]): string | undefined {
  const texts = typeof __PRERENDERED__ === 'object' ? __PRERENDERED__ : undefined;
  const key = prerenderedKey(argv);
  return key === undefined || texts === undefined ? undefined : texts[key];
}

/** The command a command line runs ("status", "remove"…), or "set" for the default command. */
export function commandNameOf(argv: readonly string[]): string {
  const texts = typeof __PRERENDERED__ === 'object' ? __PRERENDERED__ : undefined;
  const first = argv[0];
  // Every command has a prerendered "<command> --help", so that table is also the list of commands.
  return first !== undefined && texts !== undefined && `${first} --help` in texts ? first : 'set';
}
