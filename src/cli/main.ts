// The command line through yargs: parses argv with the table in command-table.ts, renders help, reports
// usage errors, and hands the chosen command to the session (session.ts), which runs and prints it.
import yargs, { type Argv, type Options } from 'yargs';
import { createNodeSystem, releaseStdin, type System } from '../platform/system';
import { ExitCode, usageError } from '../platform/errors';
import { COMMANDS, EPILOGUE, GLOBAL_OPTIONS, type CommandSpec, type OptionSpec, type ParsedArgs } from './command-table';
import { openSession, type MainOptions } from './session';

export type { MainOptions } from './session';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/** Runs the CLI with `argv` (without node and script) against `sys`; resolves to the exit code. */
export async function main(argv: readonly string[], sys: System = createNodeSystem(), options: MainOptions = {}): Promise<number> {
  const session = openSession(sys, argv, options);
  try {
    let parsed: Awaited<ReturnType<typeof parse>>;
    try {
      parsed = await parse(argv, sys.stdout.columns);
    } catch (error) {
      return session.fail(error);
    }
    if ('output' in parsed) {
      if (parsed.output) session.sys.stdout.write(parsed.output.endsWith('\n') ? parsed.output : parsed.output + '\n');
      return ExitCode.ok;
    }
    return await session.execute(parsed.command.run, parsed.args);
  } finally {
    // Nothing more will be read; a prompt's open stdin must not keep the process alive.
    releaseStdin();
  }
}

/** Parses `argv` with yargs: the command and its arguments, or the help/version text it asked for. */
async function parse(argv: readonly string[], columns: number | undefined): Promise<{ command: CommandSpec; args: ParsedArgs } | { output: string }> {
  let chosen: { command: CommandSpec; args: ParsedArgs } | undefined;
  let output = '';
  await buildParser(yargs([...argv]), columns, (command, args) => {
    chosen = { command, args };
  })
    .exitProcess(false)
    .parseAsync([...argv], {}, (err, _parsed, text) => {
      if (err) throw err;
      output = text;
    });
  return chosen ?? { output };
}

const toYargs = (o: OptionSpec): Options => ({
  type: o.type === 'array' ? 'string' : o.type,
  ...(o.type === 'array' ? { array: true } : {}),
  describe: o.describe,
  group: o.group,
  ...(o.alias ? { alias: o.alias } : {}),
  ...(o.choices ? { choices: [...o.choices] } : {}),
  ...(o.requiresArg ? { requiresArg: true } : {}),
});

function buildParser(y: Argv<object>, columns: number | undefined, chose: (command: CommandSpec, args: ParsedArgs) => void): Argv<object> {
  let parser = y.scriptName('ionq-env-setup').usage('$0 [command] [options]\n\nPut your IonQ API key into IONQ_API_KEY for every new terminal, CI step and IonQ SDK.');
  for (const command of COMMANDS) {
    parser = parser.command(
      [...command.aliases],
      command.describe,
      (c) => {
        let built = c;
        for (const o of command.options) built = built.option(o.name, toYargs(o));
        return command.epilogue ? built.epilogue(command.epilogue) : built;
      },
      ((args: ParsedArgs) => chose(command, args)) as never,
    );
  }
  for (const o of GLOBAL_OPTIONS) parser = parser.option(o.name, toYargs(o));
  return parser
    .epilogue(EPILOGUE)
    .strict()
    .version(VERSION)
    .help()
    .alias('help', 'h')
    .wrap(Math.min(110, columns || 100))
    .fail((message, error) => {
      throw error ?? usageError('USAGE', message ?? 'Invalid command line.', 'See: ionq-env-setup --help');
    });
}
