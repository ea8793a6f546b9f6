// The hot path: most runs are a plain, valid command line (`--key-stdin --shell zsh`, `status --json`).
// Those are read with yargs-parser — the parser yargs itself uses — against the same option table, which
// costs a fraction of loading yargs. Anything the fast path is not sure of (help, an unknown option, a
// missing value, a bad choice, a stray word) returns undefined, and yargs reads it and says what is wrong.
import parse from 'yargs-parser';
import { COMMANDS, GLOBAL_OPTIONS, type CommandSpec, type OptionSpec, type ParsedArgs } from './cli-spec';

const camel = (name: string): string => name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** The command and its arguments when argv is plainly valid; undefined means "ask yargs". */
export function fastParse(argv: readonly string[]): { command: CommandSpec; args: ParsedArgs } | undefined {
  if (argv.some((a) => a === '--' || /^(--help|-h|--version)(=|$)/.test(a))) return undefined;
  const named = COMMANDS.find((c) => c.name === argv[0]);
  const command = named ?? COMMANDS.find((c) => c.aliases.includes('$0'));
  if (!command) return undefined;
  const rest = named ? argv.slice(1) : argv;
  // yargs picks the command from a first pass that knows only the global options, so a command name
  // later on the line (even as an option's value) can become the command: too subtle here, ask yargs.
  if (rest.some((a) => COMMANDS.some((c) => c.name === a || a.endsWith(`=${c.name}`)))) return undefined;
  const options: readonly OptionSpec[] = [...command.options, ...GLOBAL_OPTIONS];

  // Only the spellings this table lists (`--name`, `--name=v`, `--no-flag`, `-y`); yargs also reads
  // camelCase, prefixes of negations and short-flag groups, and says what is wrong with the rest.
  const spellings = new Set<string>();
  for (const o of options) {
    spellings.add(`--${o.name}`);
    if (o.type === 'boolean') spellings.add(`--no-${o.name}`);
    if (o.alias) spellings.add(o.alias.length === 1 ? `-${o.alias}` : `--${o.alias}`);
  }
  if (rest.some((a) => a.startsWith('-') && !spellings.has(a.replace(/=.*$/s, '')))) return undefined;

  // Every option that takes a value must be given one, each time it appears (yargs checks each).
  for (let i = 0; i < rest.length; i++) {
    const m = /^--([^=]+)(=(.*))?$/.exec(rest[i]!);
    const spec = m ? options.find((o) => o.name === m[1]) : undefined;
    if (!spec || spec.type === 'boolean') continue;
    if (m![2] !== undefined ? m![3] === '' : rest[i + 1] === undefined || rest[i + 1]!.startsWith('-') || rest[i + 1] === '') return undefined;
  }

  const parsed = parse([...rest], {
    boolean: options.filter((o) => o.type === 'boolean').map((o) => o.name),
    string: options.filter((o) => o.type === 'string').map((o) => o.name),
    array: options.filter((o) => o.type === 'array').map((o) => ({ key: o.name, string: true })),
    alias: Object.fromEntries(options.filter((o) => o.alias).map((o) => [o.name, [o.alias!]])),
  });

  if (parsed._.length > 0) return undefined;
  const known = new Set<string>(['_', '$0']);
  for (const o of options) {
    known.add(o.name).add(camel(o.name));
    if (o.alias) known.add(o.alias);
  }
  if (Object.keys(parsed).some((k) => !known.has(k))) return undefined;

  const args: Record<string, unknown> = {};
  for (const o of options) {
    const value: unknown = parsed[o.name];
    if (value === undefined) continue;
    switch (o.type) {
      case 'boolean':
        if (typeof value !== 'boolean') return undefined;
        break;
      case 'string':
        // Given twice (an array), or `--from-env` with nothing after it: yargs explains those.
        if (typeof value !== 'string') return undefined;
        if (o.requiresArg && value === '') return undefined;
        if (o.choices && !o.choices.includes(value)) return undefined;
        break;
      case 'array':
        if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string' || v === '')) return undefined;
        break;
    }
    args[o.name] = value;
  }
  return { command, args: args as ParsedArgs };
}
