// The hot path: most runs are a plain, valid command line (`--key-stdin --shell zsh`, `status --json`).
// Those are read here, against the option table yargs also reads (cli-spec.ts), in a few lines instead
// of loading a full parser. The accepted grammar is deliberately small: `--name`, `--name=value`,
// `--name value`, `--no-flag`, `-y`. Anything else — help, an unknown or misspelled option, a missing
// value, a bad choice, a stray word — returns undefined, and yargs reads the line and says what is wrong.
// A property test (__tests__/unit/fast-parse.test.ts) checks that whatever this accepts, yargs reads alike.
import { COMMANDS, GLOBAL_OPTIONS, type CommandSpec, type OptionSpec, type ParsedArgs } from './cli-spec';

/** The command and its arguments when argv is plainly valid; undefined means "ask yargs". */
export function fastParse(argv: readonly string[]): { command: CommandSpec; args: ParsedArgs } | undefined {
  const named = COMMANDS.find((c) => c.name === argv[0]);
  const command = named ?? COMMANDS.find((c) => c.aliases.includes('$0'));
  if (!command) return undefined;
  const rest = named ? argv.slice(1) : argv;
  // yargs picks the command from a first pass that knows only the global options, so a command name
  // later on the line (even as an option's value) can become the command: too subtle here, ask yargs.
  if (rest.some((a) => COMMANDS.some((c) => c.name === a || a.endsWith(`=${c.name}`)))) return undefined;

  const options: readonly OptionSpec[] = [...command.options, ...GLOBAL_OPTIONS];
  const byFlag = new Map<string, OptionSpec>();
  for (const o of options) {
    byFlag.set(`--${o.name}`, o);
    if (o.alias) byFlag.set(o.alias.length === 1 ? `-${o.alias}` : `--${o.alias}`, o);
  }

  const args: Record<string, unknown> = {};
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]!;
    if (!token.startsWith('-')) return undefined; // a stray word, or a value where none belongs
    const eq = token.indexOf('=');
    const flag = eq === -1 ? token : token.slice(0, eq);
    const negated = flag.startsWith('--no-') ? byFlag.get(`--${flag.slice(5)}`) : undefined;
    if (negated) {
      if (negated.type !== 'boolean' || eq !== -1) return undefined;
      args[negated.name] = false;
      continue;
    }
    const o = byFlag.get(flag);
    if (!o) return undefined;
    if (o.type === 'boolean') {
      if (eq !== -1) return undefined; // --json=true and the like: yargs' rules
      args[o.name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = token.slice(eq + 1);
    else {
      value = rest[i + 1];
      i++;
    }
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    if (o.type === 'array') {
      // yargs' arrays take the following words too (`--shell zsh fish`); the grammar here does not.
      if (rest[i + 1] !== undefined && !rest[i + 1]!.startsWith('-')) return undefined;
      args[o.name] = [...((args[o.name] as string[] | undefined) ?? []), value];
    } else {
      if (o.name in args) return undefined; // given twice: yargs makes that an array, and explains
      if (o.choices && !o.choices.includes(value)) return undefined;
      args[o.name] = value;
    }
  }
  return { command, args: args as ParsedArgs };
}
