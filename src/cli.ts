// The command line: yargs options → a command → printed outcome and an exit code. The only module that
// prints a command's outcome; bin.ts is the only one that ends the process.
import yargs, { type Argv } from 'yargs';
import type { System } from './system';
import { CliError, ExitCode, usageError } from './errors';
import { redact } from './key/mask';
import { ALL_KEY_VARIABLES } from './key/variables';
import { colorEnabled, makeColors } from './color';
import { createTerminalAsker, type Asker } from './wizard/ask';
import type { Interaction } from './commands/interaction';
import { runSet, TARGET_OPTIONS, type SetOptions, type TargetOption } from './commands/set';
import { toJson, type CommandReport } from './report';
import { renderError, renderHuman, renderWarnings } from './render';
import { renderStatus, renderVerify } from './render-lifecycle';
import { runStatus } from './commands/status';
import { runRemove } from './commands/remove';
import { runVerify } from './commands/verify';
import { labelPath } from './commands/context';
import { osKind } from './detect/os';
import { SHELL_NAMES } from './detect/shell';
import { detectCi } from './detect/ci';
import { ciChannelOver } from './targets/ci-channel';
import { azureErrorCommand, githubErrorCommand } from './targets/ci-commands';
import { STORES, type Store } from './targets/key-file';
import { runScrubHistory } from './commands/scrub-history';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

interface GlobalArgs {
  json?: boolean;
  color?: boolean;
  'key-stdin'?: boolean;
  'from-env'?: string;
  key?: string;
  shell?: string[];
  profile?: string;
  target?: TargetOption;
  dotenv?: string;
  verify?: boolean;
  force?: boolean;
  'dry-run'?: boolean;
  yes?: boolean;
  store?: Store;
}

type CommandRunner = (sys: System, args: GlobalArgs, io: Interaction) => Promise<CommandReport>;

export interface RunCliOptions {
  asker?: () => Asker;
  /** Receives the command's report after a successful run (the GitHub Action reads its outputs from it). */
  onReport?: (report: CommandReport) => void;
}

/** Runs the CLI with `argv` (without node and script) against `sys`; resolves to the exit code. */
export async function runCli(argv: readonly string[], sysIn: System, options: RunCliOptions = {}): Promise<number> {
  // Everything printed passes through a redactor that knows every key value this run could have seen.
  const secrets = new Set<string>();
  for (const name of ALL_KEY_VARIABLES) {
    const v = sysIn.env[name]?.trim();
    if (v) secrets.add(v);
  }
  const sys: System = {
    ...sysIn,
    stdin: {
      isTTY: sysIn.stdin.isTTY,
      readAll: async () => {
        const text = await sysIn.stdin.readAll();
        if (text.trim()) secrets.add(text.trim());
        return text;
      },
    },
    stdout: { ...sysIn.stdout, write: (t) => sysIn.stdout.write(redact(t, secrets)), isTTY: sysIn.stdout.isTTY, columns: sysIn.stdout.columns },
    stderr: { ...sysIn.stderr, write: (t) => sysIn.stderr.write(redact(t, secrets)), isTTY: sysIn.stderr.isTTY, columns: sysIn.stderr.columns },
    // The one unredacted path: CI commands that must carry the key to the runner (and refuse anything else).
    ciChannel: ciChannelOver(sysIn.stdout),
  };
  // Nobody can answer a prompt in CI, even where the runner gives the step a terminal.
  const inCi = detectCi(sys.env) !== undefined;

  let json = argv.includes('--json');
  let colors = makeColors(colorEnabled(sys.env, sys.stdout.isTTY, argv.includes('--no-color') ? false : undefined));
  let ran: Promise<CommandReport> | undefined;

  const run = (runner: CommandRunner) => (args: GlobalArgs) => {
    json = Boolean(args.json);
    if (args.key) secrets.add(args.key.trim());
    if (args['from-env'] && sys.env[args['from-env']]) secrets.add(sys.env[args['from-env']]!.trim());
    colors = makeColors(colorEnabled(sys.env, sys.stdout.isTTY && !json, args.color));
    let asker: Asker | undefined;
    const io: Interaction = {
      interactive: !json && !inCi && sys.stdin.isTTY && sys.stdout.isTTY,
      asker: () => (asker ??= options.asker ? options.asker() : createTerminalAsker(sys.env)),
      info: (text) => {
        if (!json) sys.stderr.write(text);
      },
      colors,
    };
    ran = runner(sys, args, io);
  };

  const parser = buildParser(yargs([...argv]), run).exitProcess(false);
  let helpOrVersion = '';
  try {
    await parser.parseAsync([...argv], {}, (err, _parsed, output) => {
      if (err) throw err;
      helpOrVersion = output;
    });
    if (!ran) {
      if (helpOrVersion) sys.stdout.write(helpOrVersion.endsWith('\n') ? helpOrVersion : helpOrVersion + '\n');
      return ExitCode.ok;
    }
    const report = await ran;
    options.onReport?.(report);
    const label = (file: string) => labelPath(file, sys.home ?? '', osKind(sys.platform));
    if (json) sys.stdout.write(toJson(report));
    else if (report.command === 'status') sys.stdout.write(renderStatus(report, colors, label));
    else {
      sys.stderr.write(renderWarnings(report, colors));
      sys.stdout.write(report.command === 'verify' ? renderVerify(report, colors) : renderHuman(report, colors, label));
    }
    return report.exitCode ?? ExitCode.ok;
  } catch (error) {
    const cliError = asCliError(error);
    const annotation = ciAnnotation(sys.env, cliError);
    if (annotation) sys.stdout.write(annotation + '\n');
    if (json) sys.stdout.write(toJson({ ok: false, error: { code: cliError.code, message: cliError.message, ...(cliError.hint ? { hint: cliError.hint } : {}) } }));
    else sys.stderr.write(renderError(cliError, colors));
    return cliError.exitCode;
  }
}

/** On GitHub Actions and Azure Pipelines a failure also becomes an error annotation on the run's page. */
function ciAnnotation(env: System['env'], error: CliError): string | undefined {
  const text = error.hint ? `${error.message} ${error.hint}` : error.message;
  if (env.GITHUB_ACTIONS === 'true') return githubErrorCommand(text);
  if (env.TF_BUILD === 'True' || env.TF_BUILD === 'true') return azureErrorCommand(text);
  return undefined;
}

/** Any failure becomes a CliError; an unexpected one keeps only its class and code, never its text. */
function asCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof Error && error.name === 'YError') return usageError('USAGE', error.message, 'See: ionq-env-setup --help');
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  const kind = error instanceof Error ? error.name : typeof error;
  return new CliError('INTERNAL', `Unexpected error (${kind}${code ? ` ${code}` : ''}). Nothing more is shown, to keep the key out of logs.`, {
    exitCode: ExitCode.failed,
    hint: 'Please report this at the project\'s issue tracker with the command you ran (not the key).',
  });
}

function keyOptions(y: Argv<object>) {
  return y
    .option('key-stdin', { type: 'boolean', describe: 'Read the key from standard input (a pipe or a file)', group: 'Key:' })
    .option('from-env', { type: 'string', describe: 'Take the key from this environment variable (CI secrets)', requiresArg: true, group: 'Key:' })
    .option('key', { type: 'string', describe: 'The key itself (visible to other processes and saved in shell history: prefer the two above)', requiresArg: true, group: 'Key:' });
}

function whereOptions(y: Argv<object>) {
  return y
    .option('shell', { type: 'string', array: true, describe: `Shells to configure: ${SHELL_NAMES.join(', ')}, or all (default: your login shell)`, requiresArg: true, group: 'Where:' })
    .option('profile', { type: 'string', describe: 'Write this file instead of the detected one (its language from --shell)', requiresArg: true, group: 'Where:' })
    .option('target', { type: 'string', choices: TARGET_OPTIONS, describe: 'Where the key goes: auto picks the CI channel in CI (GitHub Actions, Azure Pipelines, CircleCI), setx on Windows, else shell files', group: 'Where:' })
    .option('dotenv', { type: 'string', describe: 'Write IONQ_API_KEY=… in dotenv form to this file, mode 0600 (implies --target dotenv)', requiresArg: true, group: 'Where:' })
    .option('store', { type: 'string', choices: STORES, describe: 'inline: the key in each shell file; separate: in ~/.config/ionq/env (0600), which the shell files only load (default: inline, separate for a file in a git repository)', group: 'Where:' });
}

function buildParser(y: Argv<object>, run: (runner: CommandRunner) => (args: GlobalArgs) => void): Argv<object> {
  const setRunner: CommandRunner = (sys, args, io) => runSet(sys, setOptionsOf(args), io);
  const statusRunner: CommandRunner = (sys, args, io) => runStatus(sys, { verify: args.verify }, io);
  const removeRunner: CommandRunner = (sys, args, io) =>
    runRemove(sys, { shell: args.shell, profile: args.profile, target: args.target, dryRun: args['dry-run'], yes: args.yes }, io);
  const scrubRunner: CommandRunner = (sys, args, io) =>
    runScrubHistory(sys, { keyStdin: args['key-stdin'], fromEnv: args['from-env'], key: args.key, dryRun: args['dry-run'], yes: args.yes }, io);
  const verifyRunner: CommandRunner = (sys, args, io) => runVerify(sys, { keyStdin: args['key-stdin'], fromEnv: args['from-env'], key: args.key }, io);
  return y
    .scriptName('ionq-env-setup')
    .usage('$0 [command] [options]\n\nPut your IonQ API key into IONQ_API_KEY for every new terminal, CI step and IonQ SDK.')
    .command(['set', '$0'], 'Save the key (a guided setup on a terminal; flags for scripts)', (c) => whereOptions(keyOptions(c)), run(setRunner) as never)
    .command(
      'status',
      'Show where IONQ_API_KEY (and variables that shadow it) is defined, masked, and what is wrong (exit 0: one key set consistently; 1: none, or different keys)',
      (c) => c.epilogue('--verify also checks the key in effect with the IonQ API (exit 3 if rejected, 4 if it could not be checked).'),
      run(statusRunner) as never,
    )
    .command(
      'remove',
      'Remove what this tool wrote: its block from every shell file, its own files, the Windows user variable (lines you wrote are listed, never edited)',
      (c) =>
        c
          .option('shell', { type: 'string', array: true, describe: `Only these shells' files: ${SHELL_NAMES.join(', ')}, or all (default: every shell's file that holds a block)`, requiresArg: true, group: 'Where:' })
          .option('profile', { type: 'string', describe: 'Remove the block from this file only', requiresArg: true, group: 'Where:' })
          .option('target', { type: 'string', choices: ['auto', 'shell', 'windows'], describe: 'shell: only shell files; windows: only the Windows user variable; auto: both on Windows', group: 'Where:' })
          .epilogue('Removing the variable does not revoke the key: revoke it in IonQ Quantum Cloud → API Keys if it may have leaked.'),
      run(removeRunner) as never,
    )
    .command(
      'verify',
      'Check a key with the IonQ API (--key-stdin, --from-env NAME, else this terminal\'s IONQ_API_KEY); exit 0 valid, 3 rejected, 4 could not check',
      (c) => keyOptions(c).epilogue('IONQ_API_URL changes the API base (default https://api.ionq.co/v0.4); IONQ_VERIFY_TIMEOUT_MS the 10 s timeout.'),
      run(verifyRunner) as never,
    )
    .command(
      'scrub-history',
      'Remove shell history lines that hold the key or give IONQ_API_KEY (or a variable that shadows it) a literal value; every other byte is kept',
      (c) =>
        keyOptions(c).epilogue(
          'Looks in $HISTFILE, ~/.bash_history, ~/.zsh_history, fish_history, ~/.history (tcsh) and PSReadLine\'s history. Asks first on a terminal; elsewhere it needs --yes (or --dry-run). A key that was ever in a history file should be revoked and replaced in IonQ Quantum Cloud → API Keys.',
        ),
      run(scrubRunner) as never,
    )
    .option('verify', { type: 'boolean', describe: 'Check the key with the IonQ API first (default: on in the guided setup)', group: 'Options:' })
    .option('force', { type: 'boolean', describe: 'Replace a different key that is already set, without asking', group: 'Options:' })
    .option('dry-run', { type: 'boolean', describe: 'Show the plan and a diff of each file (key masked); change nothing', group: 'Options:' })
    .option('yes', { alias: 'y', type: 'boolean', describe: 'Accept the defaults; no confirmation prompts', group: 'Options:' })
    .option('json', { type: 'boolean', describe: 'Print one JSON document on stdout', group: 'Options:' })
    .option('color', { type: 'boolean', describe: 'Colour output (--no-color turns it off; NO_COLOR and FORCE_COLOR are honoured)', group: 'Options:' })
    .epilogue(
      [
        'Exit codes: 0 done · 1 failed (nothing half-done) · 2 usage or input error · 3 key rejected by IonQ ·',
        '            4 key could not be verified · 130 cancelled',
        '',
        'Examples:',
        '  npx ionq-env-setup                                  guided setup',
        '  ionq-env-setup --key-stdin < key.txt                 save a key from a file',
        '  ionq-env-setup --from-env IONQ_SECRET --verify       CI: check the secret, hand it to later steps',
        '  ionq-env-setup --shell all --dry-run --key-stdin     preview every shell\'s change',
        '  ionq-env-setup status --verify                       where the key is set, and is it valid?',
        '  ionq-env-setup remove --dry-run                      preview removing it everywhere',
        '  ionq-env-setup --store separate --key-stdin < key.txt   keep the key out of your dotfiles',
        '  ionq-env-setup scrub-history --dry-run               find the key in shell history',
        '  ionq-env-setup --from-env IONQ_SECRET --dotenv ionq.env && set -a && . ./ionq.env && set +a',
        '                                                      CI without a channel (GitLab, Jenkins): same script',
      ].join('\n'),
    )
    .strict()
    .version(VERSION)
    .help()
    .alias('help', 'h')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((message, error) => {
      throw error ?? usageError('USAGE', message ?? 'Invalid command line.', 'See: ionq-env-setup --help');
    });
}

function setOptionsOf(args: GlobalArgs): SetOptions {
  return {
    keyStdin: args['key-stdin'],
    fromEnv: args['from-env'],
    key: args.key,
    shell: args.shell,
    profile: args.profile,
    target: args.target,
    dotenv: args.dotenv,
    verify: args.verify,
    force: args.force,
    dryRun: args['dry-run'],
    yes: args.yes,
    store: args.store,
  };
}
