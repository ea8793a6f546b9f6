// One run of the CLI once yargs has read its arguments: the redacted terminals, the interaction,
// printing the outcome, and turning any failure into a message and an exit code.
import type { System, Terminal } from '../platform/system';
import { CliError, ExitCode, usageError } from '../platform/errors';
import { redact } from '../key/mask';
import { reducePaste } from '../plans/key-paste';
import { ALL_KEY_VARIABLES } from '../key/variables';
import { colorEnabled, makeColors, type Colors } from '../platform/color';
import { createTerminalAsker } from '../wizard/ask';
import { wrapProse } from '../wizard/text';
import type { Asker } from '../core/interaction';
import type { Interaction } from '../core/interaction';
import { toJson, type CommandReport } from '../core/report';
import { renderError, renderHuman, renderWarnings } from '../render/human';
import { renderStatus, renderVerify } from '../render/status';
import { labelPath } from '../core/context';
import { osKind } from '../detect/os';
import { detectCi } from '../detect/ci';
import { ciChannelOver } from '../targets/ci/channel';
import { azureErrorCommand, githubErrorCommand } from '../targets/ci/commands';
import type { CommandRunner, ParsedArgs } from './command-table';

export interface MainOptions {
  asker?: () => Asker;
  /** Receives the command's report after a successful run (the GitHub Action reads its outputs from it). */
  onReport?: (report: CommandReport) => void;
}

export interface Session {
  /** The System every command gets: stdout/stderr redacted, stdin remembered as a secret. */
  sys: System;
  /** Runs a command and prints its outcome; resolves to the exit code. */
  execute(runner: CommandRunner, args: ParsedArgs): Promise<number>;
  /** Prints a failure (as text, JSON, and a CI annotation); returns its exit code. */
  fail(error: unknown): number;
}

/** Opens a session over the real System; `argv` only decides --json and --no-color for early errors. */
export function openSession(sysIn: System, argv: readonly string[], options: MainOptions = {}): Session {
  // Everything printed passes through a redactor that knows every key value this run could have seen,
  // as given and as reduced from a pasted assignment or quotes.
  const secrets = new Set<string>();
  const remember = (text: string | undefined): void => {
    const trimmed = text?.trim();
    if (!trimmed) return;
    secrets.add(trimmed);
    secrets.add(reducePaste(trimmed).key);
  };
  for (const name of ALL_KEY_VARIABLES) remember(sysIn.env[name]);
  // A key pasted as a bare word (`ionq-env-setup 1a2b3c…`) would come back in "Unknown argument: …".
  // Long words without path characters that are not variable names are treated as possible keys.
  for (const word of argv) {
    if (word.length >= 16 && !word.startsWith('-') && !/[/\\.]/.test(word) && !/^[A-Z_][A-Z0-9_]*$/.test(word)) secrets.add(word);
  }
  const sys: System = {
    ...sysIn,
    stdin: {
      get isTTY() {
        return sysIn.stdin.isTTY;
      },
      readAll: async () => {
        const text = await sysIn.stdin.readAll();
        remember(text);
        return text;
      },
    },
    stdout: redacted(sysIn.stdout, secrets),
    stderr: redacted(sysIn.stderr, secrets),
    // The one unredacted path: CI commands that must carry the key to the runner (and refuse anything else).
    ciChannel: ciChannelOver(sysIn.stdout),
  };
  // Nobody can answer a prompt in CI, even where the runner gives the step a terminal.
  const inCi = detectCi(sys.env) !== undefined;
  let json = argv.includes('--json');
  let colors: Colors = makeColors(colorEnabled(sys.env, sys.stdout.isTTY, argv.includes('--no-color') ? false : undefined));

  const fail = (error: unknown): number => {
    const cliError = asCliError(error);
    const annotation = ciAnnotation(sys.env, cliError);
    if (annotation) sys.stdout.write(annotation + '\n');
    if (json) sys.stdout.write(toJson({ ok: false, error: { code: cliError.code, message: cliError.message, ...(cliError.hint ? { hint: cliError.hint } : {}) } }));
    else sys.stderr.write(forPeople(sys.stderr, renderError(cliError, colors)));
    return cliError.exitCode;
  };

  const execute = async (runner: CommandRunner, args: ParsedArgs): Promise<number> => {
    json = Boolean(args.json);
    remember(args.key);
    if (args['from-env']) remember(sys.env[args['from-env']]);
    colors = makeColors(colorEnabled(sys.env, sys.stdout.isTTY && !json, args.color));
    let asker: Asker | undefined;
    const io: Interaction = {
      // stdout first: when it is not a terminal, stdin need not be looked at (see system.ts).
      interactive: !json && !inCi && sys.stdout.isTTY && sys.stdin.isTTY,
      asker: () => (asker ??= rememberingSecrets(options.asker ? options.asker() : createTerminalAsker(sys.env), remember)),
      info: (text) => {
        if (!json) sys.stderr.write(text);
      },
      colors,
      width: sys.stderr.columns ?? 80,
    };
    try {
      const report = await runner(sys, args, io);
      options.onReport?.(report);
      const label = (file: string) => labelPath(file, sys.home ?? '', osKind(sys.platform));
      if (json) sys.stdout.write(toJson(report));
      else if (report.command === 'status') sys.stdout.write(forPeople(sys.stdout, renderStatus(report, colors, label)));
      else {
        sys.stderr.write(forPeople(sys.stderr, renderWarnings(report.warnings, colors)));
        sys.stdout.write(forPeople(sys.stdout, report.command === 'verify' ? renderVerify(report, colors) : renderHuman(report, colors, label)));
      }
      return report.exitCode ?? ExitCode.ok;
    } catch (error) {
      return fail(error);
    }
  };

  return { sys, execute, fail };
}

/** Text for a terminal wrapped to its width between words; for a pipe or a file, lines stay whole (for grep). */
const forPeople = (terminal: Terminal, text: string): string => (terminal.isTTY && terminal.columns ? wrapProse(text, terminal.columns) : text);

/** An asker whose hidden answers (a pasted key) join the redactor's secrets. */
function rememberingSecrets(asker: Asker, remember: (text: string) => void): Asker {
  return {
    ...asker,
    secret: async (message) => {
      const answer = await asker.secret(message);
      remember(answer);
      return answer;
    },
  };
}

/** A terminal whose every write is redacted; its width is read only when asked for. */
function redacted(terminal: Terminal, secrets: ReadonlySet<string>): Terminal {
  return {
    get isTTY() {
      return terminal.isTTY;
    },
    get columns() {
      return terminal.columns;
    },
    write: (text) => terminal.write(redact(text, secrets)),
  };
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
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const kind = error instanceof Error ? error.name : typeof error;
  return new CliError('INTERNAL', `Unexpected error (${kind}${code ? ` ${code}` : ''}). Nothing more is shown, to keep the key out of logs.`, {
    exitCode: ExitCode.failed,
    hint: "Please report this at the project's issue tracker with the command you ran (not the key).",
  });
}
