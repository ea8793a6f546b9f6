// The command line as data: every command, its options, and how its parsed arguments become a call.
// yargs (cli/main.ts) builds its parser, help and errors from this table. The commands other than `set`
// are imported when they run, so a run loads only the code its command needs.
import type { System } from '../platform/system';
import type { Interaction } from '../core/interaction';
import type { CommandReport } from '../core/report';
import { SHELL_NAMES } from '../detect/shell';
import { TARGET_OPTIONS, type TargetOption } from '../plans/set-request';
// `set` (the default command) comes with this table; every other command loads its own code when it
// runs, so a run loads only what its command needs (scripts/build.mjs puts each in its own file).
import { runSet } from '../commands/set';
import { STORES, type Store } from '../targets/shell/block-body';

export interface OptionSpec {
  name: string;
  type: 'boolean' | 'string' | 'array';
  describe: string;
  group: 'Key:' | 'Where:' | 'Options:';
  alias?: string;
  choices?: readonly string[];
  /** A string option that must have a value (`--from-env NAME`). */
  requiresArg?: boolean;
}

/** The parsed arguments a command receives (kebab-case names, as on the command line). */
export interface ParsedArgs {
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
  'remove-hand-written'?: boolean;
}

export type CommandRunner = (sys: System, args: ParsedArgs, io: Interaction) => Promise<CommandReport>;

export interface CommandSpec {
  name: string;
  /** yargs' command string(s): `$0` marks the default command. */
  aliases: readonly string[];
  describe: string;
  options: readonly OptionSpec[];
  epilogue?: string;
  run: CommandRunner;
}

export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: 'verify', type: 'boolean', describe: 'Check the key with the IonQ API first (default: on in the guided setup and in CI)', group: 'Options:' },
  { name: 'force', type: 'boolean', describe: 'Replace a different key that is already set, without asking', group: 'Options:' },
  { name: 'dry-run', type: 'boolean', describe: 'Show the plan and a diff of each file (key masked); change nothing', group: 'Options:' },
  { name: 'yes', alias: 'y', type: 'boolean', describe: 'Accept the defaults; no confirmation prompts', group: 'Options:' },
  { name: 'json', type: 'boolean', describe: 'Print one JSON document on stdout', group: 'Options:' },
  { name: 'color', type: 'boolean', describe: 'Colour output (--no-color turns it off; NO_COLOR and FORCE_COLOR are honoured)', group: 'Options:' },
];

const KEY_OPTIONS: readonly OptionSpec[] = [
  { name: 'key-stdin', type: 'boolean', describe: 'Read the key from standard input (a pipe or a file)', group: 'Key:' },
  { name: 'from-env', type: 'string', requiresArg: true, describe: 'Take the key from this environment variable (CI secrets)', group: 'Key:' },
  { name: 'key', type: 'string', requiresArg: true, describe: 'The key itself (visible to other processes and saved in shell history: prefer the two above)', group: 'Key:' },
];

const SET_WHERE_OPTIONS: readonly OptionSpec[] = [
  { name: 'shell', type: 'array', requiresArg: true, describe: `Shells to configure: ${SHELL_NAMES.join(', ')}, or all (default: your login shell)`, group: 'Where:' },
  { name: 'profile', type: 'string', requiresArg: true, describe: 'Write this file instead of the detected one (its language from --shell)', group: 'Where:' },
  {
    name: 'target',
    type: 'string',
    choices: TARGET_OPTIONS,
    describe: 'Where the key goes: auto picks the CI channel in CI (GitHub Actions, Azure Pipelines, CircleCI), setx on Windows, else shell files',
    group: 'Where:',
  },
  { name: 'dotenv', type: 'string', requiresArg: true, describe: 'Write IONQ_API_KEY=… in dotenv form to this file, mode 0600 (implies --target dotenv)', group: 'Where:' },
  {
    name: 'store',
    type: 'string',
    choices: STORES,
    describe: 'inline: the key in each shell file; separate: in ~/.config/ionq/env (0600), which the shell files only load; keychain: in the OS keychain, which each new shell reads (default: inline, separate for a file in a git repository)',
    group: 'Where:',
  },
  {
    name: 'remove-hand-written',
    type: 'boolean',
    describe: 'Also delete the IONQ_API_KEY lines you wrote yourself in the files these shells read (without it they are only reported)',
    group: 'Where:',
  },
];

const REMOVE_WHERE_OPTIONS: readonly OptionSpec[] = [
  { name: 'shell', type: 'array', requiresArg: true, describe: `Only these shells' files: ${SHELL_NAMES.join(', ')}, or all (default: every shell's file that holds a block)`, group: 'Where:' },
  { name: 'profile', type: 'string', requiresArg: true, describe: 'Remove the block from this file only', group: 'Where:' },
  { name: 'target', type: 'string', choices: ['auto', 'shell', 'windows'], describe: 'shell: only shell files; windows: only the Windows user variable; auto: both on Windows', group: 'Where:' },
];

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'set',
    aliases: ['set', '$0'],
    describe: 'Save the key (a guided setup on a terminal; flags for scripts)',
    options: [...KEY_OPTIONS, ...SET_WHERE_OPTIONS],
    run: (sys, a, io) =>
      runSet(
        sys,
        {
          keyStdin: a['key-stdin'],
          fromEnv: a['from-env'],
          key: a.key,
          shell: a.shell,
          profile: a.profile,
          target: a.target,
          dotenv: a.dotenv,
          verify: a.verify,
          force: a.force,
          dryRun: a['dry-run'],
          yes: a.yes,
          store: a.store,
          removeHandWritten: a['remove-hand-written'],
        },
        io,
      ),
  },
  {
    name: 'status',
    aliases: ['status'],
    describe: 'Show where IONQ_API_KEY (and variables that shadow it) is defined, masked, and what is wrong (exit 0: one key set consistently; 1: none, or different keys)',
    options: [],
    epilogue: '--verify also checks the key in effect with the IonQ API (exit 3 if rejected, 4 if it could not be checked).',
    run: async (sys, a, io) => (await import('../commands/status')).runStatus(sys, { verify: a.verify }, io),
  },
  {
    name: 'remove',
    aliases: ['remove'],
    describe: 'Remove what this tool wrote: its block from every shell file, its own files, the Windows user variable (lines you wrote are listed, never edited)',
    options: REMOVE_WHERE_OPTIONS,
    epilogue: 'Removing the variable does not revoke the key: revoke it in IonQ Quantum Cloud → API Keys if it may have leaked.',
    run: async (sys, a, io) =>
      (await import('../commands/remove')).runRemove(sys, { shell: a.shell, profile: a.profile, target: a.target, dryRun: a['dry-run'], yes: a.yes }, io),
  },
  {
    name: 'verify',
    aliases: ['verify'],
    describe: "Check a key with the IonQ API (--key-stdin, --from-env NAME, else this terminal's IONQ_API_KEY); exit 0 valid, 3 rejected, 4 could not check",
    options: KEY_OPTIONS,
    epilogue: 'IONQ_API_URL changes the API base (default https://api.ionq.co/v0.4); IONQ_VERIFY_TIMEOUT_MS the 10 s timeout.',
    run: async (sys, a, io) => (await import('../commands/verify')).runVerify(sys, { keyStdin: a['key-stdin'], fromEnv: a['from-env'], key: a.key }, io),
  },
  {
    name: 'scrub-history',
    aliases: ['scrub-history'],
    describe: 'Remove shell history lines that hold the key or give IONQ_API_KEY (or a variable that shadows it) a literal value; every other byte is kept',
    options: KEY_OPTIONS,
    epilogue:
      "Looks in $HISTFILE, ~/.bash_history, ~/.zsh_history, fish_history, ~/.history (tcsh) and PSReadLine's history. Asks first on a terminal; elsewhere it needs --yes (or --dry-run). A key that was ever in a history file should be revoked and replaced in IonQ Quantum Cloud → API Keys.",
    run: async (sys, a, io) => (await import('../commands/scrub-history')).runScrubHistory(sys, { keyStdin: a['key-stdin'], fromEnv: a['from-env'], key: a.key, dryRun: a['dry-run'], yes: a.yes }, io),
  },
];

export const EPILOGUE = [
  'Exit codes: 0 done · 1 failed (nothing half-done) · 2 usage or input error · 3 key rejected by IonQ ·',
  '            4 key could not be verified · 130 cancelled',
  '',
  'Examples:',
  '  npx ionq-env-setup                                  guided setup',
  '  ionq-env-setup --key-stdin < key.txt                 save a key from a file',
  '  ionq-env-setup --from-env IONQ_SECRET --verify       CI: check the secret, hand it to later steps',
  "  ionq-env-setup --shell all --dry-run --key-stdin     preview every shell's change",
  '  ionq-env-setup status --verify                       where the key is set, and is it valid?',
  '  ionq-env-setup remove --dry-run                      preview removing it everywhere',
  '  ionq-env-setup --store keychain --key-stdin < key.txt   keep the key out of your dotfiles',
  '  ionq-env-setup scrub-history --dry-run               find the key in shell history',
  '  ionq-env-setup --from-env IONQ_SECRET --dotenv ionq.env && set -a && . ./ionq.env && set +a',
  '                                                      CI without a channel (GitLab, Jenkins): same script',
].join('\n');
